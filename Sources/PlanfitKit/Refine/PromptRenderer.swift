/// Renders the messages sent to the model from the templates and the job's values. Pure.
public struct PromptRenderer: Sendable {
    public let templates: PromptTemplates

    public init(templates: PromptTemplates) { self.templates = templates }

    public func templateNames(for mode: RefineMode) -> [String] {
        ["\(mode.command).system.mustache", "\(mode.command).user.mustache", "repair.user.mustache"]
    }

    /// The system and user messages of the first round.
    public func messages(for job: RefineJob, findings: [Finding], suggestions: [PlanMove] = []) throws -> [ChatMessage] {
        var context = baseContext(job, findings: findings, suggestions: suggestions)
        context["schema"] = AnswerSchema.schema(includeNote: job.mode.includesNote, planCharacters: job.planText.count, maxTokens: job.parameters.maxTokens).prettyText
        if case .propose(let handle, let concern) = job.mode, let member = job.profile.member(handle) {
            context["as_handle"] = handle
            context["as_name"] = member.name ?? handle
            if let role = member.role { context["as_role"] = role }
            if let concern, !concern.isEmpty { context["concern"] = concern }
        }
        let names = templateNames(for: job.mode)
        return [.system(try templates.render(names[0], context)), .user(try templates.render(names[1], context))]
    }

    /// The repair turn listing what is still wrong.
    public func repairMessage(round: Int, problems: [String]) throws -> ChatMessage {
        let context: [String: Any] = ["round": String(round), "problems": problems.map { ["text": $0] }]
        return .user(try templates.render("repair.user.mustache", context))
    }

    func baseContext(_ job: RefineJob, findings: [Finding], suggestions: [PlanMove]) -> [String: Any] {
        let profile = job.profile
        var planText = job.planText
        if planText.hasSuffix("\n") { planText.removeLast() }
        let findingsBlock = findings.map { f in
            JSONValue.object(["severity": .string(f.severity.rawValue), "rule": .string(f.rule.rawValue),
                              "line": f.line.map { .int($0) } ?? .null, "message": .string(f.message)]).canonicalText
        }.joined(separator: "\n")
        let suggestionsBlock = suggestions.map { m in
            JSONValue.object(["task": .string(m.task), "line": .int(m.line), "move": .string(m.kind.rawValue),
                              "change": .string(m.summary), "reason": .string(m.reason)]).canonicalText
        }.joined(separator: "\n")
        return [
            "team_name": profile.team,
            "team_profile": ProfileSummary.text(profile),
            "norms": profile.norms.statements.map { ["text": "\($0.name): \($0.text)"] }
                + (profile.norms.wipLimit.map { [["text": "wip_limit: at most \($0) tasks per person at once"]] } ?? []),
            "has_norms": !profile.norms.statements.isEmpty || profile.norms.wipLimit != nil,
            "constraints": profile.constraints.map { ["text": $0] },
            "has_constraints": !profile.constraints.isEmpty,
            // Findings and suggestions quote task titles, so they go in delimited blocks as JSON: text from
            // the plan never reads as planfit's own instructions.
            "findings": findingsBlock,
            "findings_id": Self.blockID(findingsBlock),
            "has_findings": !findings.isEmpty,
            "suggestions": suggestionsBlock,
            "suggestions_id": Self.blockID(suggestionsBlock),
            "has_suggestions": !suggestions.isEmpty,
            "plan": planText,
            // Derived from the plan's own bytes: text inside the plan cannot contain the tag that closes it.
            "plan_id": Self.blockID(job.planText),
        ]
    }

    /// A tag id derived from the block's own bytes: the block cannot contain the tag that closes it.
    static func blockID(_ text: String) -> String { String(SHA256Digest.hex(text).prefix(12)) }
}
