import Foundation
import Testing
@testable import PlanfitKit

@Suite struct BatchRunnerTests {
    @Test func oneConnectionServesEveryPlanAndFailuresDoNotStopTheOthers() async throws {
        let dir = try TemporaryDirectory()
        let good = try dir.write("plans/a-good.md", BatchFixtures.plan("Alpha"))
        let broken = try dir.write("plans/b-broken.md", "# Broken\n\n- Do it @bo ~3d #go:great\n")
        let unusable = try dir.write("plans/c-unusable.md", BatchFixtures.plan("Gamma"))
        let missing = dir.path("plans/d-missing.md")
        let other = try dir.write("plans/e-other.md", BatchFixtures.plan("Epsilon"))
        let model = ScriptedBatchModel(answers: [("Build Alpha", BatchFixtures.fixedAnswer("Alpha")),
                                                 ("Build Gamma", "Sure! Here is a better plan."),
                                                 ("Build Epsilon", BatchFixtures.fixedAnswer("Epsilon"))])
        let counter = ConnectionCounter(model: model)
        let plans = try BatchPlanList.expand([good, broken, unusable, missing, other])
        let out = dir.path("out")
        let runner = try BatchFixtures.runner(plans, output: out, concurrency: .fixed(3))
        try runner.prepareOutput(inputs: plans.map(\.path))
        let log = EventLog()
        let results = await runner.run(connect: counter.connect, onEvent: log.add)

        #expect(counter.count == 1)
        #expect(results.map(\.plan.name) == ["a-good", "b-broken", "c-unusable", "d-missing", "e-other"])
        #expect(results[0].success?.verdict == .fixed)
        #expect(results[0].success?.errorsBefore == 1 && results[0].success?.errorsAfter == 0)
        #expect(results[1].failure?.exitStatus == 65)
        #expect(results[1].failure?.message.contains("b-broken.md:3:") == true)
        #expect(results[2].failure?.exitStatus == 65)
        #expect(results[3].failure?.exitStatus == 66)
        #expect(results[4].success?.verdict == .fixed)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out))
                == ["a-good.json", "a-good.adapted.md", "e-other.json", "e-other.adapted.md"])
        let adapted = try String(contentsOfFile: out + "/a-good.adapted.md", encoding: .utf8)
        #expect(adapted.contains("- Review Alpha @chidi ~1d"))
        #expect(BatchSummary(results: results, outputDirectory: out).exitStatus == 65)
        #expect(log.progress.map(\.done) == [1, 2, 3, 4, 5])
        #expect(log.progress.last?.failed == 3)
    }

    @Test func withThePlannerFallbackAnUnusableAnswerStillGivesAGroundedPlan() async throws {
        let dir = try TemporaryDirectory()
        let plans = try BatchPlanList.expand([try dir.write("plans/c-unusable.md", BatchFixtures.plan("Gamma"))])
        let model = ScriptedBatchModel(answers: [("Build Gamma", "Sure! Here is a better plan.")])
        let out = dir.path("out")
        let runner = try BatchFixtures.runner(plans, output: out, concurrency: .fixed(1), fallback: .planner)
        let results = await runner.run(connect: ConnectionCounter(model: model).connect)
        let success = try #require(results[0].success)
        #expect(success.errorsBefore == 1 && success.errorsAfter == 0)
        let adapted = try String(contentsOfFile: out + "/c-unusable.adapted.md", encoding: .utf8)
        #expect(!adapted.contains("@zoe"), "the planner reassigned the unknown owner's task")
        let report = try String(contentsOfFile: out + "/c-unusable.json", encoding: .utf8)
        #expect(report.contains("\"source\": \"planner\""))
    }

    /// Issue 9: plans and answers that once crashed planfit, an untyped error from the model and hostile
    /// escapes each fail or are contained in their own plan; every plan has a result and the summary
    /// names each failure's exit status and message.
    @Test func everyKindOfFailureStaysInItsOwnPlan() async throws {
        let dir = try TemporaryDirectory()
        let huge = try dir.write("plans/a-huge.md", "# Huge\n\n- Do it @ana ~10000000000000000000h\n")
        let hugeAnswer = try dir.write("plans/b-huge-answer.md", BatchFixtures.plan("Beta"))
        let throwing = try dir.write("plans/c-throwing.md", BatchFixtures.plan("Gamma"))
        let hostile = try dir.write("plans/d-hostile.md", BatchFixtures.plan("Delta"))
        let good = try dir.write("plans/e-good.md", BatchFixtures.plan("Epsilon"))
        let hostileAnswer = BatchFixtures.answer(
            plan: BatchFixtures.plan("Delta").replacingOccurrences(of: "@zoe", with: "@chidi"),
            changes: [("Review Delta", "reassign", "zoe left\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m \u{202E}gnp.exe")])
        let model = ScriptedBatchModel(answers: [
            ("Build Beta", BatchFixtures.answer(plan: "# Beta\n\n## Work\n\n- Build Beta @bo ~99999999999999999999999h #react\n")),
            ("Build Delta", hostileAnswer),
            ("Build Epsilon", BatchFixtures.fixedAnswer("Epsilon")),
        ])
        struct Untyped: Error {}
        let connect: @Sendable () async throws -> BatchConnection = {
            BatchConnection(model: FailingOn(marker: "Build Gamma", error: Untyped(), model: model), parallelSlots: nil)
        }
        let plans = try BatchPlanList.expand([huge, hugeAnswer, throwing, hostile, good])
        let out = dir.path("out")
        let runner = try BatchFixtures.runner(plans, output: out, concurrency: .fixed(2), format: .text)
        try runner.prepareOutput(inputs: plans.map(\.path))
        let results = await runner.run(connect: connect)

        #expect(results.map(\.plan.name) == ["a-huge", "b-huge-answer", "c-throwing", "d-hostile", "e-good"])
        #expect(results[0].failure?.exitStatus == 65)
        #expect(results[0].failure?.message.contains("a-huge.md:3:14: the estimate '~10000000000000000000h' is too large") == true)
        // The answer's huge estimate is a problem of the answer, never a crash: reported, not adopted.
        #expect(results[1].failure?.exitStatus == 65 || results[1].success.map { $0.verdict != .fixed } == true)
        #expect(results[2].failure?.exitStatus == ExitStatus.temporaryFailure.rawValue)
        #expect(results[3].success != nil)
        #expect(results[4].success?.verdict == .fixed)

        let report = try String(contentsOfFile: out + "/d-hostile.txt", encoding: .utf8)
        #expect(report.contains(#"zoe left\x1b]0;owned\x07\x1b[2J\u{9b}31m \u{202e}gnp.exe"#))
        #expect(!report.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E })

        let summary = BatchSummary(results: results, outputDirectory: out).text
        #expect(summary.contains("a-huge.md  failed (exit 65)") || summary.contains("failed (exit 65) after"))
        #expect(summary.contains("the estimate '~10000000000000000000h' is too large"))
        #expect(summary.contains("failed (exit 75)"))
        #expect(summary.hasSuffix("5 plans: \(results.filter { $0.success != nil }.count) succeeded, \(results.filter { $0.failure != nil }.count) failed (exit 65); outputs in \(out)\n"))
    }

    @Test func aServerThatIsDownFailsOnlyThePlansThatNeedIt() async throws {
        let dir = try TemporaryDirectory()
        let plans = try BatchPlanList.expand([try dir.write("a.md", BatchFixtures.plan("Alpha")),
                                              try dir.write("b.md", BatchFixtures.plan("Beta"))])
        let counter = ConnectionCounter(model: ScriptedBatchModel(answers: []), refuse: true)
        let results = await (try BatchFixtures.runner(plans, output: dir.path("out"), concurrency: .fixed(2)))
            .run(connect: counter.connect)
        #expect(counter.count == 1, "the failed connection is shared, not retried per plan")
        #expect(results.map { $0.failure?.exitStatus } == [69, 69])
    }

    @Test func defaultConcurrencyWidensToTheServersSlots() async throws {
        let dir = try TemporaryDirectory()
        let titles = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"]
        let paths = try titles.map { try dir.write("\($0).md", BatchFixtures.plan($0)) }
        let model = ScriptedBatchModel(answers: titles.map { ("Build \($0)", BatchFixtures.fixedAnswer($0)) },
                                       holdNanoseconds: 200_000_000)
        let counter = ConnectionCounter(model: model, slots: 3)
        let log = EventLog()
        let results = await (try BatchFixtures.runner(try BatchPlanList.expand(paths), output: dir.path("out"),
                                                      concurrency: .serverSlots(fallback: 1)))
            .run(connect: counter.connect, onEvent: log.add)
        #expect(results.allSatisfy { $0.success != nil }, "\(results.compactMap(\.failure))")
        #expect(log.connectedJobs == [3])
        #expect(model.peak <= 3)
        #expect(model.peak >= 2, "after connecting, more than the fallback of one plan ran at once")
    }

    @Test func oneJobAsksInTheOrderListed() async throws {
        let dir = try TemporaryDirectory()
        let titles = ["Delta", "Alpha", "Gamma", "Beta"]
        let paths = try titles.map { try dir.write("\($0).md", BatchFixtures.plan($0)) }
        let model = ScriptedBatchModel(answers: titles.map { ("Build \($0)", BatchFixtures.fixedAnswer($0)) })
        _ = await (try BatchFixtures.runner(try BatchPlanList.expand(paths), output: dir.path("out"), concurrency: .fixed(1)))
            .run(connect: ConnectionCounter(model: model).connect)
        #expect(model.peak == 1)
        #expect(model.asked == titles.map { "Build \($0)" })
    }

    @Test func cachedPlansNeedNoServer() async throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteResultStore(path: dir.path("cache.sqlite"))
        let plans = try BatchPlanList.expand([try dir.write("a.md", BatchFixtures.plan("Alpha")),
                                              try dir.write("b.md", BatchFixtures.plan("Beta"))])
        let model = ScriptedBatchModel(answers: [("Build Alpha", BatchFixtures.fixedAnswer("Alpha")),
                                                 ("Build Beta", BatchFixtures.fixedAnswer("Beta"))])
        let runner = try BatchFixtures.runner(plans, output: dir.path("out"), concurrency: .fixed(2), store: store)
        let first = await runner.run(connect: ConnectionCounter(model: model).connect)
        #expect(first.allSatisfy { $0.success != nil }, "\(first.compactMap(\.failure))")
        let report = try String(contentsOfFile: dir.path("out/a.json"), encoding: .utf8)
        let down = ConnectionCounter(model: model, refuse: true)
        let second = await runner.run(connect: down.connect)
        #expect(second.allSatisfy { $0.success != nil }, "\(second.compactMap(\.failure))")
        #expect(first.map { $0.success?.cacheStatus } == [.miss, .miss])
        #expect(second.map { $0.success?.cacheStatus } == [.hit, .hit])
        #expect(down.count == 0)
        #expect(try String(contentsOfFile: dir.path("out/a.json"), encoding: .utf8) == report)
    }

    @Test func aWorsePlanIsNotWrittenAndStaleOutputsGo() async throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("a.md", BatchFixtures.plan("Alpha"))
        let gone = try dir.write("gone.md", BatchFixtures.plan("Gone"))
        let out = dir.path("out")
        try dir.write("out/a.adapted.md", "stale adapted plan from an earlier batch\n")
        try dir.write("out/gone.json", "stale report from an earlier batch\n")
        let worse = BatchFixtures.answer(plan: BatchFixtures.plan("Alpha").replacingOccurrences(of: "@bo", with: "@nobody"))
        let model = ScriptedBatchModel(answers: [("Build Alpha", worse)])
        let plans = try BatchPlanList.expand([plan, gone])
        try FileManager.default.removeItem(atPath: gone)
        let results = await (try BatchFixtures.runner(plans, output: out, concurrency: .fixed(1)))
            .run(connect: ConnectionCounter(model: model).connect)
        #expect(results[0].success?.verdict == .worse)
        #expect(results[0].success?.files == [out + "/a.json"])
        #expect(results[1].failure?.exitStatus == 66)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["a.json"])
    }

    @Test func outputsMayNotReplaceInputs() throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("plans/a.md", BatchFixtures.plan("Alpha"))
        let plans = try BatchPlanList.expand([plan])
        let runner = try BatchFixtures.runner(plans, output: dir.path("plans"), concurrency: .fixed(1), format: .markdown)
        #expect(throws: BatchError.outputOverwritesInput(output: dir.path("plans") + "/a.md", input: plan)) {
            try runner.prepareOutput(inputs: [plan])
        }
        let text = try BatchFixtures.runner(plans, output: dir.path("plans"), concurrency: .fixed(1), format: .text)
        try text.prepareOutput(inputs: [plan])
    }
}
