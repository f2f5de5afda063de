/// What a `refine`, `propose` or `fit` run presents: the original and its findings, the plan shown
/// (the model's, or the planner's when the model's is less grounded), the planner's own result for the
/// same plan, and how grounded the shown plan is. Pure: built from values, rendered by `AdaptationReport`.
public struct GroundedResult: Sendable {
    public var command: String
    public var asHandle: String?
    public var concern: String?
    public var planPath: String
    public var profile: TeamProfile
    public var originalText: String
    public var original: Plan
    public var before: CheckResult
    public var shown: Adaptation
    /// The model's run (nil for `fit`).
    public var model: RefineOutcome?
    /// One plain sentence saying why the planner's plan is shown instead of the model's.
    public var fallbackReason: String?
    public var planner: PlannerResult
    public var grounding: Grounding
    public var verdict: RefineOutcome.Verdict
    /// Set when the result was rebuilt from a stored run (`planfit show RUN --format ...`): says what the
    /// stored run does not keep (the model's rounds, risks, questions, note), so a reader knows.
    public var restoredNote: String? = nil

    /// `planfit fit`: the planner's plan, no model.
    public static func fit(planPath: String, originalText: String, original: Plan, profile: TeamProfile,
                           planner: PlannerResult) throws -> GroundedResult {
        let before = RuleEngine(profile: profile).check(original)
        let shown = try Adaptation.planner(planner, original: original, profile: profile)
        return GroundedResult(command: "fit", asHandle: nil, concern: nil, planPath: planPath, profile: profile,
                              originalText: originalText, original: original, before: before, shown: shown, model: nil,
                              fallbackReason: nil, planner: planner,
                              grounding: Grounding(errorsBefore: before.count(.error), shown: shown, planner: planner),
                              verdict: RefineOutcome.verdict(before: before.findings, after: shown.findings))
    }

    /// `refine` and `propose`: the model's plan, unless `fallback` is `.planner` and it is less grounded
    /// than the planner's. With `.none` and no usable answer, throws the run's error.
    public static func refine(outcome: RefineOutcome, planPath: String, originalText: String, original: Plan,
                              profile: TeamProfile, planner: PlannerResult, fallback: FallbackPolicy) throws -> GroundedResult {
        let before = RuleEngine(profile: profile).check(original)
        let plannerPlan = try Adaptation.planner(planner, original: original, profile: profile)
        var modelPlan: Adaptation?
        var shortfalls: [String] = []
        if let failure = outcome.failure {
            switch failure {
            case .unusable: shortfalls.append("gave no usable plan in \(outcome.rounds.count) round\(outcome.rounds.count == 1 ? "" : "s")")
            case .truncated(_, let maxTokens, _): shortfalls.append("was cut off at max_tokens (\(maxTokens)) before its plan was complete")
            case .serverError(let message, _): shortfalls.append("could not be asked (\(message))")
            }
        } else {
            let answer = outcome.answer
            let m = Adaptation(source: .model, text: answer.plan, original: original, profile: profile, changes: answer.changes,
                               risks: answer.risks, questions: answer.questions, note: answer.note)
            modelPlan = m
            shortfalls = Self.shortfalls(of: m, against: plannerPlan, planner: planner)
        }
        let useModel = fallback == .none || shortfalls.isEmpty
        if useModel, modelPlan == nil, let failure = outcome.failure {
            throw failure.asError(rounds: outcome.rounds.count)
        }
        var shown: Adaptation
        var reason: String?
        if useModel, let modelPlan {
            shown = modelPlan
        } else {
            shown = plannerPlan
            let answer = outcome.answer
            shown.risks = answer.risks
            shown.questions = answer.questions + plannerPlan.questions.filter { !answer.questions.contains($0) }
            if let handle = outcome.asHandle {
                let modelNote = (answer.note ?? "").trimmedWhitespaceAndNewlines
                shown.note = modelNote.isEmpty ? Self.note(as: handle, planner: planner, profile: profile) : answer.note
            }
            let kept = outcome.asHandle == nil ? "risks and questions are" : "risks, questions and note are"
            reason = modelPlan == nil
                ? "The model \(Self.list(shortfalls)); showing planfit's own planner's plan instead."
                : "The model's plan is less grounded than planfit's own planner's: it \(Self.list(shortfalls)). Showing the planner's plan instead; the model's \(kept) kept."
        }
        let dropped = shown.source == .model ? (outcome.droppedTasks ?? []) : []
        return GroundedResult(command: outcome.command, asHandle: outcome.asHandle, concern: outcome.concern, planPath: planPath,
                              profile: profile, originalText: originalText, original: original, before: before, shown: shown,
                              model: outcome, fallbackReason: reason, planner: planner,
                              grounding: Grounding(errorsBefore: before.count(.error), shown: shown, planner: planner),
                              verdict: RefineOutcome.verdict(before: before.findings, after: shown.findings, droppedTasks: dropped))
    }

    /// What makes a model's plan less grounded than the planner's, in words; empty when it is not.
    static func shortfalls(of model: Adaptation, against planner: Adaptation, planner result: PlannerResult) -> [String] {
        var out: [String] = []
        let errors = model.ruleErrorCount, plannerErrors = planner.ruleErrorCount
        if errors > plannerErrors {
            out.append("leaves \(errors) error finding\(errors == 1 ? "" : "s") where the planner leaves \(plannerErrors)")
        }
        let drops = model.ledger.unlisted.filter { $0.kind == .removed }.count
        if drops > 0 { out.append("drops \(drops) task\(drops == 1 ? "" : "s") without saying why") }
        let unlisted = model.ledger.unlisted.count - drops
        if unlisted > 0 { out.append("makes \(unlisted) change\(unlisted == 1 ? "" : "s") it does not list") }
        let phantoms = model.ledger.phantoms.count
        if phantoms > 0 { out.append("lists \(phantoms) change\(phantoms == 1 ? "" : "s") it did not make") }
        let cuts = model.ledger.estimateCuts.count
        if cuts > 0 { out.append("cuts \(cuts) estimate\(cuts == 1 ? "" : "s") without a re-estimate") }
        let limit = max(2 * result.after.changedTasks, 2)
        if model.ledger.tasksChanged > limit {
            out.append("changes \(model.ledger.tasksChanged) tasks where \(result.after.changedTasks) suffice")
        }
        return out
    }

    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// A factual note from the member's seat, for `propose` when the model wrote none that can be used.
    static func note(as handle: String, planner: PlannerResult, profile: TeamProfile) -> String {
        var note = "Thanks for the plan. I checked it against our team profile"
        if planner.moves.isEmpty {
            note += " and found nothing that moving work between us would fix."
        } else {
            let first = planner.moves.prefix(3).map { "'\($0.task)' (\($0.summary))" }
            note += ", and I propose \(planner.moves.count) change\(planner.moves.count == 1 ? "" : "s") so we can carry it out, starting with \(list(first)); each comes with its reason from our hours, skills and roles."
        }
        if !planner.openQuestions.isEmpty {
            note += " \(planner.openQuestions.count) question\(planner.openQuestions.count == 1 ? "" : "s") need\(planner.openQuestions.count == 1 ? "s" : "") your decision, for example: \(planner.openQuestions[0].question)"
        }
        return note + " Happy to talk it through. — @\(handle)"
    }

    /// Whether the shown plan may be written out as the plan to use.
    public var isImprovement: Bool { ![.worse, .droppedTasks, .unusable].contains(verdict) }
}
