import Testing
@testable import PlanfitKit

@Suite struct BatchSummaryTests {
    func success(_ path: String, _ verdict: RefineOutcome.Verdict, _ before: Int, _ after: Int, _ cache: CacheStatus) -> BatchPlanResult {
        BatchPlanResult(plan: BatchPlan(path: path, name: path), outcome: .succeeded(.init(
            verdict: verdict, errorsBefore: before, errorsAfter: after, cacheStatus: cache, cacheKey: "k", files: [], report: "")),
            seconds: 1.26, planDigest: nil)
    }

    func failure(_ path: String, _ status: Int32, _ message: String, cancelled: Bool = false) -> BatchPlanResult {
        BatchPlanResult(plan: BatchPlan(path: path, name: path),
                        outcome: .failed(.init(exitStatus: status, message: message, cancelled: cancelled)), seconds: 0, planDigest: nil)
    }

    @Test func tableListsEveryPlanWithVerdictOrError() {
        let summary = BatchSummary(results: [
            success("plans/a.md", .fixed, 3, 0, .miss),
            failure("plans/broken.md", 65, "plans/broken.md:5:38: '~3x' is not an estimate"),
            success("plans/c.md", .notImproved, 1, 1, .hit),
        ], outputDirectory: "out")
        #expect(summary.text == """
            plan             verdict       errors  cache  seconds
            plans/a.md       fixed         3 -> 0  miss       1.3
            plans/broken.md  failed (exit 65) after 0.0s: plans/broken.md:5:38: '~3x' is not an estimate
            plans/c.md       not-improved  1 -> 1  hit        1.3

            3 plans: 2 succeeded, 1 failed (exit 65); outputs in out

            """)
        #expect(summary.exitStatus == 65)
    }

    @Test func exitStatusIsTheFirstFailureInPlanOrderOr130WhenInterrupted() {
        #expect(BatchSummary(results: [success("a", .fixed, 1, 0, .miss)], outputDirectory: "o").exitStatus == 0)
        #expect(BatchSummary(results: [failure("a", 69, "down"), failure("b", 65, "bad")], outputDirectory: "o").exitStatus == 69)
        #expect(BatchSummary(results: [failure("a", 65, "bad"), failure("b", 130, "interrupted", cancelled: true)],
                             outputDirectory: "o").exitStatus == 130)
    }

    @Test func multiLineErrorsAreShownInFullBelowTheTable() {
        let text = BatchSummary(results: [failure("a.md", 65, "the model gave no usable answer\n  - not JSON")],
                                outputDirectory: "o").text
        #expect(text.contains("a.md  failed (exit 65) after 0.0s: the model gave no usable answer\n"))
        #expect(text.contains("Errors in full:\na.md:\n  the model gave no usable answer\n    - not JSON\n"))
    }
}
