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
        context["schema"] = .text(AnswerSchema.schema(includeNote: job.mode.includesNote, planCharacters: job.planText.count, maxTokens: job.parameters.maxTokens).prettyText)
        if case .propose(let handle, let concern) = job.mode, let member = job.profile.member(handle) {
            context["as_handle"] = .text(handle)
            context["as_name"] = .text(member.name ?? handle)
            if let role = member.role { context["as_role"] = .text(role) }
            if let concern, !concern.isEmpty { context["concern"] = .text(concern) }
        }
        let names = templateNames(for: job.mode)
        return [.system(try templates.render(names[0], context)), .user(try templates.render(names[1], context))]
    }

    /// The repair turn listing what is still wrong.
    public func repairMessage(round: Int, problems: [String]) throws -> ChatMessage {
        let context: [String: TemplateValue] = ["round": .text(String(round)), "problems": .list(problems.map { .object(["text": .text($0)]) })]
        return .user(try templates.render("repair.user.mustache", context))
    }

    func baseContext(_ job: RefineJob, findings: [Finding], suggestions: [PlanMove]) -> [String: TemplateValue] {
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
        let norms = profile.norms.statements.map { "\($0.name): \($0.text)" }
            + (profile.norms.wipLimit.map { ["wip_limit: at most \($0) tasks per person at once"] } ?? [])
        return [
            "team_name": .text(profile.team),
            "team_profile": .text(ProfileSummary.text(profile)),
            "norms": .list(norms.map { .object(["text": .text($0)]) }),
            "has_norms": .flag(!norms.isEmpty),
            "constraints": .list(profile.constraints.map { .object(["text": .text($0)]) }),
            "has_constraints": .flag(!profile.constraints.isEmpty),
            // Findings and suggestions quote task titles, so they go in delimited blocks as JSON: text from
            // the plan never reads as planfit's own instructions.
            "findings": .text(findingsBlock),
            "findings_id": .text(Self.blockID(findingsBlock)),
            "has_findings": .flag(!findings.isEmpty),
            "suggestions": .text(suggestionsBlock),
            "suggestions_id": .text(Self.blockID(suggestionsBlock)),
            "has_suggestions": .flag(!suggestions.isEmpty),
            "plan": .text(planText),
            // Derived from the plan's own bytes: text inside the plan cannot contain the tag that closes it.
            "plan_id": .text(Self.blockID(job.planText)),
        ]
    }

    /// A tag id derived from the block's own bytes: the block cannot contain the tag that closes it.
    static func blockID(_ text: String) -> String { String(SHA256Digest.hex(text).prefix(12)) }
}
