#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An adapted plan as a run presents it: its text, the changes listed for it, what is still wrong with
/// it (rules and accountability) and the load it gives each member. Built from a model's answer or from
/// the planner's moves, so both are judged by the same rules.
public struct Adaptation: Sendable, Equatable {
    public enum Source: String, Sendable, Codable {
        case model
        case planner
    }

    public var source: Source
    /// Ends with a newline: what `-o` writes.
    public var text: String
    public var plan: Plan
    public var changes: [RefineAnswer.Change]
    public var risks: [String]
    public var questions: [String]
    public var note: String?
    /// The rules on the adapted plan.
    public var check: CheckResult
    public var ledger: ChangeLedger

    public init(source: Source, text: String, original: Plan, profile: TeamProfile, changes: [RefineAnswer.Change],
                risks: [String], questions: [String], note: String?) {
        self.source = source
        var text = text
        if !text.hasSuffix("\n") { text += "\n" }
        self.text = text
        // Both sources were parsed before (the engine accepted the model's plan; the editor re-read the
        // planner's): an empty plan keeps rendering total regardless.
        plan = (try? PlanParser().parse(text, file: "adapted plan")) ?? Plan(lines: [], sections: [], tasks: [])
        self.changes = changes
        self.risks = risks
        self.questions = questions
        self.note = note
        check = RuleEngine(profile: profile).check(plan)
        ledger = ChangeLedger(original: original, adapted: plan, changes: changes, profile: profile)
    }

    /// Rule findings and accountability findings, errors first.
    public var findings: [Finding] { check.findings.mergingAccountability(ledger.findings) }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }

    /// The rule errors alone (what `check` would say of the plan).
    public var ruleErrorCount: Int { check.count(.error) }

    /// The planner's moves as an adaptation of `original`.
    public static func planner(_ result: PlannerResult, original: Plan, profile: TeamProfile) throws -> Adaptation {
        let text = try result.apply(to: original)
        let changes = result.moves.map { RefineAnswer.Change(task: $0.task, kind: $0.kind.rawValue, reason: $0.reason) }
        return Adaptation(source: .planner, text: text, original: original, profile: profile, changes: changes,
                          risks: [], questions: result.openQuestions.map(\.question), note: nil)
    }
}

/// How grounded the shown plan is, for the report's `grounding` object and the choice between the
/// model's plan and the planner's.
public struct Grounding: Sendable, Equatable {
    public var errorsBefore: Int
    /// Rule errors in the shown plan (accountability findings are counted apart).
    public var errorsAfter: Int
    public var unlistedChanges: Int
    public var phantomChanges: Int
    public var estimateCuts: Int
    public var tasksChanged: Int
    /// The planner's result for the same plan: errors left and tasks changed.
    public var plannerErrors: Int
    public var plannerTasksChanged: Int
    public var plannerExact: Bool

    public init(errorsBefore: Int, shown: Adaptation, planner: PlannerResult) {
        self.errorsBefore = errorsBefore
        errorsAfter = shown.ruleErrorCount
        unlistedChanges = shown.ledger.unlisted.count
        phantomChanges = shown.ledger.phantoms.count
        estimateCuts = shown.ledger.estimateCuts.count
        tasksChanged = shown.ledger.tasksChanged
        plannerErrors = planner.after.errors
        plannerTasksChanged = planner.after.changedTasks
        plannerExact = planner.exact
    }

    public var json: JSONValue {
        .object([
            "errors_before": .int(errorsBefore), "errors_after": .int(errorsAfter),
            "unlisted_changes": .int(unlistedChanges), "phantom_changes": .int(phantomChanges),
            "estimate_cuts": .int(estimateCuts), "tasks_changed": .int(tasksChanged),
            "planner_minimum": .object(["errors": .int(plannerErrors), "tasks_changed": .int(plannerTasksChanged),
                                        "exact": .bool(plannerExact)]),
        ])
    }
}

/// Whether refine and propose replace a model's plan that is less grounded than the planner's.
public enum FallbackPolicy: String, Sendable, CaseIterable, Codable {
    /// Show the planner's plan when the model's has more error findings, unaccounted changes, estimate
    /// cuts or dropped tasks, changes more than twice the tasks, or is unusable.
    case planner
    /// Always show the model's plan (or its error), as judged by the rules.
    case none
}
