/// Checks one model answer the way a careful reviewer would: is it JSON of the right shape, does the
/// plan inside follow planfit's conventions, does it still break the team's rules, did it drop tasks
/// without saying so. Pure: the problems it returns become the text of the repair turn.
public struct AnswerReview: Sendable {
    public var answer: RefineAnswer?
    public var adaptedPlan: Plan?
    public var check: CheckResult?
    /// What is wrong, in sentences the model can act on. Empty when the answer is fully acceptable.
    public var problems: [String]
    /// Titles of original tasks the adapted plan lacks with no change explaining it.
    public var droppedTasks: [String] = []
    /// Unlisted changes, phantom changes and estimate cuts (`ChangeLedger`).
    public var accountability: [Finding] = []

    /// What disqualifies the plan as an improvement: its error findings plus its unaccounted changes
    /// (a silent drop is an unlisted removal).
    public var blockingCount: Int { (check?.count(.error) ?? 0) + accountability.count }

    /// The rule findings and the accountability findings together, errors first.
    public var findingsAfter: [Finding] { (check?.findings ?? []).mergingAccountability(accountability) }

    /// The answer can be shown (it may still break rules).
    public var isUsable: Bool { answer != nil && adaptedPlan != nil && check != nil }

    public static func review(text: String, original: Plan, profile: TeamProfile, includeNote: Bool,
                              schema: JSONValue? = nil) -> AnswerReview {
        var review = AnswerReview(answer: nil, adaptedPlan: nil, check: nil, problems: [])
        let json: JSONValue
        do {
            json = try JSONValue.parse(RefineAnswer.extractJSON(text))
        } catch {
            review.problems.append("the answer is not a JSON object (\(error)); answer with the JSON object only")
            return review
        }
        let schemaProblems = AnswerSchema.validate(json, against: schema ?? AnswerSchema.schema(includeNote: includeNote))
        if !schemaProblems.isEmpty {
            review.problems += schemaProblems.map { "the answer does not match the schema: \($0)" }
            return review
        }
        let answer = RefineAnswer(json: json)
        review.answer = answer
        if answer.plan.trimmedWhitespaceAndNewlines.isEmpty {
            review.problems.append("\"plan\" is empty; it must hold the whole adapted plan")
            return review
        }
        let plan: Plan
        do {
            plan = try PlanParser().parse(answer.plan, file: "plan")
        } catch let error as PlanParseError {
            review.problems.append("the plan breaks the conventions at line \(error.line) of \"plan\": \(error.message)")
            return review
        } catch {
            review.problems.append("the plan cannot be read: \(error)")
            return review
        }
        review.adaptedPlan = plan
        if plan.tasks.isEmpty && !original.tasks.isEmpty {
            review.problems.append("the plan has no tasks (no list items); keep every task as a `- ` list item")
        }
        let check = RuleEngine(profile: profile).check(plan)
        review.check = check
        for finding in check.findings where finding.severity == .error {
            review.problems.append("\(finding.rule.rawValue) at line \(finding.line.map(String.init) ?? "?") of the plan: \(finding.message)")
        }
        let ledger = ChangeLedger(original: original, adapted: plan, changes: answer.changes, profile: profile)
        // Silent drops: original tasks the plan lacks with no listed change that explains them.
        let dropped = ledger.unlisted.filter { $0.kind == .removed }.compactMap(\.oldTask)
        review.droppedTasks = dropped.map(\.title)
        review.problems += dropped.map {
            "the task '\($0.title)' (line \($0.line) of the original) is missing from the plan and no change explains it; keep it, or list it in \"changes\" with kind drop, merge or split and the reason"
        }
        review.accountability = ledger.findings
        // A silent drop is already named above, with what to do about it.
        review.problems += ledger.findings.filter { f in !(f.rule == .unlistedChange && review.droppedTasks.contains(f.task ?? "")) }.map {
            "\($0.rule.rawValue)\($0.line.map { " at line \($0) of the plan" } ?? ""): \($0.message)"
        }
        if includeNote, (answer.note ?? "").trimmedWhitespaceAndNewlines.isEmpty {
            review.problems.append("\"note\" is empty; write a short, respectful note to the plan's author")
        }
        return review
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif


extension Array where Element == Finding {
    /// Rule findings with accountability findings added in the same order `RuleEngine` uses: by
    /// severity, then line (findings about no line first), then rule.
    func mergingAccountability(_ extra: [Finding]) -> [Finding] {
        guard !extra.isEmpty else { return self }
        return (self + extra).enumerated().sorted { x, y in
            let a = x.element, b = y.element
            if a.severity != b.severity { return a.severity < b.severity }
            if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
            if a.rule != b.rule { return a.rule.rawValue < b.rule.rawValue }
            return x.offset < y.offset
        }.map(\.element)
    }
}
