/// Renders the messages sent to the model from the templates and the job's values. Pure.
public struct PromptRenderer: Sendable {
    public let templates: PromptTemplates

    public init(templates: PromptTemplates) { self.templates = templates }

    public func templateNames(for mode: RefineMode) -> [String] {
        ["\(mode.command).system.mustache", "\(mode.command).user.mustache", "repair.user.mustache"]
    }

    /// The system and user messages of the first round.
    public func messages(for job: RefineJob, findings: [Finding]) throws -> [ChatMessage] {
        var context = baseContext(job, findings: findings)
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

    func baseContext(_ job: RefineJob, findings: [Finding]) -> [String: Any] {
        let profile = job.profile
        var planText = job.planText
        if planText.hasSuffix("\n") { planText.removeLast() }
        return [
            "team_name": profile.team,
            "team_profile": ProfileSummary.text(profile),
            "norms": profile.norms.statements.map { ["text": "\($0.name): \($0.text)"] }
                + (profile.norms.wipLimit.map { [["text": "wip_limit: at most \($0) tasks per person at once"]] } ?? []),
            "has_norms": !profile.norms.statements.isEmpty || profile.norms.wipLimit != nil,
            "constraints": profile.constraints.map { ["text": $0] },
            "has_constraints": !profile.constraints.isEmpty,
            "findings": findings.map { f in
                ["severity": f.severity.rawValue, "rule": f.rule.rawValue, "line": f.line.map(String.init) ?? "-", "message": f.message]
            },
            "has_findings": !findings.isEmpty,
            "plan": planText,
            // Derived from the plan's own bytes: text inside the plan cannot contain the tag that closes it.
            "plan_id": String(SHA256Digest.hex(job.planText).prefix(12)),
        ]
    }
}
