import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// What `refine` and `propose` do around the library: load inputs, open the cache, connect only when
/// needed, print progress on stderr and the result on stdout, write `-o`, and record the run.
struct RefineRunner {
    var mode: RefineMode
    var planPath: String
    var options: RefineOptions
    var arguments: [String]

    func run() async throws {
        let started = Date()
        let cache = options.run.runCache()
        let recorder = RunHistoryRecorder(cache: cache, command: mode.command, arguments: arguments, startedAt: started,
                                          plan: planPath, team: options.team)
        recorder.start()
        // Read first, so the history of a run that fails later still says which inputs it had.
        var digests: (plan: String, team: String)?
        do {
            let read = try PlanAndTeamFiles.read(plan: planPath, team: options.team)
            let (planDigest, teamDigest) = (read.plan.digest, read.team.digest)
            digests = (planDigest, teamDigest)
            let output = try await cancellingOnInterrupt { [self] in
                try await produce(files: read, teamDigest: teamDigest, cache: cache)
            }
            // With `-o -` the plan has standard output, so the report goes to standard error.
            let stream = options.output == "-" ? Terminal.standardError : Terminal.standardOutput
            if [.json, .patch, .html].contains(options.format) { stream.writeData(output.text) } else { stream.write(output.text) }
            let exit: Int32 = output.isImprovement ? 0 : ExitStatus.notGrounded.rawValue
            recorder.record(planDigest: planDigest, profileDigest: teamDigest, key: output.key,
                            status: output.status, outcome: .ok, exitCode: exit, error: nil, output: output.text,
                            adaptation: output.adaptation, model: output.model, verdict: output.verdict)
            if exit != 0 { throw ExitCode(exit) }
        } catch {
            let (status, message, outcome) = Self.describe(error)
            recorder.record(planDigest: digests?.plan, profileDigest: digests?.team, key: nil, status: .none,
                            outcome: outcome, exitCode: status, error: message, output: "")
            if let error = error as? PlanfitError { throw report(error) }
            throw error
        }
    }

    struct Output: Sendable {
        var text: String
        var key: String
        var status: CacheStatus
        var isImprovement: Bool
        var adaptation: String
        var model: String
        var verdict: String
    }

    static func describe(_ error: Error) -> (Int32, String, RunOutcome) {
        if let exit = error as? ExitCode { return (exit.rawValue, exit.rawValue == 130 ? "interrupted" : "exit \(exit.rawValue)", exit.rawValue == 130 ? .cancelled : .failed) }
        if let error = error as? PlanfitError { return (error.exitStatus.rawValue, error.description, .failed) }
        if error is CancellationError { return (130, "interrupted", .cancelled) }
        return (64, "\(error)", .failed)
    }

    func produce(files: PlanAndTeamFiles, teamDigest: String, cache: RunCache) async throws -> Output {
        let today = try TodayOption.day(options.today)
        let profile = try files.team.profile(today: today)
        let planText = files.plan.text
        let plan = try files.plan.plan()
        try guardOutputPath()
        let templates = try options.prompts.map(PromptTemplates.load(directory:)) ?? .embedded
        let job = RefineJob(mode: mode, planText: planText, plan: plan, profile: profile,
                            templates: templates, parameters: options.parameters,
                            profileSource: RefineJob.profileSource(digest: teamDigest, today: today))
        let settings = try options.server.settings()
        let service = try options.run.service(settings: settings, cache: cache)
        let progress = ProgressPrinter()
        let scope = RefineService.CacheScope(model: settings.model, server: settings.server?.absoluteString)
        let style = ANSIStyle(enabled: (options.output == "-" ? Terminal.standardError : Terminal.standardOutput).supportsColor())
        // Everything besides the inputs that shapes what this run prints and writes: a repeat with the
        // same reprints the stored report instead of grounding and rendering the answer again.
        let rendering: JSONValue = [
            "format": .string(options.format.rawValue), "color": .bool(style.enabled), "word": .bool(options.word),
            "plan_path": .string(planPath), "team_path": .string(options.team),
            "output": options.output.map { .string($0) } ?? .null,
        ]
        let reportKey = service.reportKey(for: job, scope: scope, rendering: rendering)
        if let reportKey, let (answerKey, stored) = try service.storedReport(reportKey) {
            progress.finish(.hit, key: answerKey)
            reportCacheHitWhenVerbose()
            try writeOutput(adaptedText: stored.adaptedText, isImprovement: stored.isImprovement, verdictSentence: stored.verdictSentence)
            return Output(text: stored.text, key: answerKey, status: .hit, isImprovement: stored.isImprovement,
                          adaptation: stored.adaptation, model: stored.model, verdict: stored.verdict)
        }
        let result = try await service.run(job, scope: scope, connect: {
            let client = try await ModelClient.connect(settings: settings)
            progress.connected(client)
            return Verbosity.current == .verbose ? VerboseChatModel(base: client) : client
        }, progress: { progress.handle($0) })
        progress.finish(result.cacheStatus, key: result.key.full)
        if result.cacheStatus == .hit { reportCacheHitWhenVerbose() }

        let grounded = try GroundedResult.refine(outcome: result.outcome, planPath: planPath, originalText: planText, original: plan,
                                                 profile: profile, planner: result.planner, fallback: options.fallback)
        let report = AdaptationReport(result: grounded)
        try writeOutput(adaptedText: report.adaptedText, isImprovement: report.isImprovement, verdictSentence: report.verdictSentence)
        let stored = StoredReport(text: report.document(options.format, style: style, wordDiff: options.word),
                                  adaptedText: report.adaptedText, isImprovement: report.isImprovement,
                                  verdictSentence: report.verdictSentence,
                                  adaptation: StoredAdaptation(result: grounded, teamPath: options.team, profileText: files.team.text).encoded(),
                                  model: result.outcome.identity.model, verdict: grounded.verdict.rawValue)
        // Best effort: the run has its result; a report that cannot be kept is only rendered again next time.
        if let reportKey { try? service.saveReport(stored, under: reportKey, answerKey: result.key.full) }
        return Output(text: stored.text, key: result.key.full, status: result.cacheStatus, isImprovement: stored.isImprovement,
                      adaptation: stored.adaptation, model: stored.model, verdict: stored.verdict)
    }

    /// `-o`: the adapted plan, or why it was not written.
    func writeOutput(adaptedText: String, isImprovement: Bool, verdictSentence: String) throws {
        guard let path = options.output else { return }
        if isImprovement {
            try PlanOutput.write(adaptedText, to: path)
        } else {
            Terminal.standardError.write("planfit: not writing \(path): \(verdictSentence)\n")
        }
    }

    func reportCacheHitWhenVerbose() {
        if Verbosity.current == .verbose {
            Terminal.standardError.write("planfit: --verbose: answered from the cache, so no prompt was sent (--refresh asks the model again)\n")
        }
    }

    /// `-o` must never overwrite the plan or the profile the run reads.
    func guardOutputPath() throws {
        try OutputGuard.refuseInputs(options.output, inputs: [planPath, options.team])
    }
}
