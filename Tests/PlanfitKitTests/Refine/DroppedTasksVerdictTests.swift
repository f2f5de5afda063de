import Foundation
import Testing
@testable import PlanfitKit

/// A plan that loses tasks without a word is not an improvement, however few rules it breaks: an
/// empty plan breaks none.
@Suite struct DroppedTasksVerdictTests {
    typealias F = RefineFixtures

    static let withoutLoadTest = F.fittedText.replacingOccurrences(of: "- Load test the new flow @bo ~3d\n", with: "")

    @Test func silentDropsToTheEndGiveTheDroppedTasksVerdict() async throws {
        // Every other change is explained (the Kotlin port is dropped with a reason); the load test just vanishes.
        let dropping = F.answer(Self.withoutLoadTest, changes: F.changes.filter { $0["task"]?.stringValue != "Load test the new flow" })
        let model = ScriptedChatModel(texts: [dropping, dropping])
        let outcome = try await runEngine(try F.job(maxRepairs: 1), model)
        #expect(outcome.verdict == .droppedTasks)
        #expect(outcome.droppedTasks == ["Load test the new flow"])
        let planner = Planner().plan(F.original, profile: F.profile)
        let report = AdaptationReport(result: try GroundedResult.refine(
            outcome: outcome, planPath: "p.md", originalText: F.originalText, original: F.original, profile: F.profile,
            planner: planner, fallback: .none))
        #expect(!report.isImprovement, "-o must not write it")
        #expect(report.verdictSentence.contains("drops 1 task without saying why ('Load test the new flow')"))
        #expect(report.verdictSentence.contains("not an improvement"))
    }

    @Test func aRoundWithoutDropsIsPreferredToAnEarlierOneWithDrops() async throws {
        let dropping = F.answer(Self.withoutLoadTest, changes: F.changes.filter { $0["task"]?.stringValue != "Load test the new flow" })
        let model = ScriptedChatModel(texts: [dropping, F.answer(F.oneErrorText)])
        let outcome = try await runEngine(try F.job(maxRepairs: 1), model)
        #expect(outcome.chosenRound == 2)
        #expect(outcome.verdict == .improved)
        #expect(outcome.droppedTasks == [])
    }
}
