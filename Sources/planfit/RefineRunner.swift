import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// What `refine` and `propose` do around the library: load inputs, open the cache, connect only when
/// needed, print progress on stderr and the result on stdout, write `-o`, and record the run.
struct RefineRunner: Sendable {
    var mode: RefineMode
    var planPath: String
    var options: RefineOptions
    var arguments: [String]

    /// Synchronous up to the full path: a repeat reprints its stored report on the main thread, and only
    /// a run with work to wait on starts the concurrency runtime (`runAsyncAndWait`).
    func run() throws {
        let started = Date()
        let cache = options.run.runCache()
        defer { cache.close() }
        let recorder = RunHistoryRecorder(cache: cache, command: mode.command, arguments: arguments, startedAt: started,
                                          plan: planPath, team: options.team)
        // Reading standard input, or reading or writing (`-o`) a FIFO or a device, can wait indefinitely:
        // list the run before it waits, so a run killed there shows as interrupted. Other runs write
        // their row once they have work to do (before `produce`), and a repeat that reprints its stored
        // report appends it once, complete, to the cache's run journal.
        let files = [planPath, options.team] + (options.output.map { $0 == "-" ? [] : [$0] } ?? [])
        if RunHistoryRecorder.mayWaitOn(files) { recorder.start() }
        // Read first, so the history of a run that fails later still says which inputs it had.
        var digests: (plan: String, team: String)?
        do {
            let read = try PlanAndTeamFiles.read(plan: planPath, team: options.team)
            let (planDigest, teamDigest) = (read.plan.digest, read.team.digest)
            digests = (planDigest, teamDigest)
            let inputs = try ShortWay(runner: self, files: read, planDigest: planDigest, teamDigest: teamDigest, cache: cache)
            // A repeat reprints its stored report at once; it waits on nothing, so Ctrl-C needs no handler.
            let output: Output
            if let stored = try inputs.storedOutput() {
                output = stored
            } else {
                recorder.start()
                output = try runAsyncAndWait { [self] in try await cancellingOnInterrupt { try await produce(inputs) } }
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

    /// What a run knows before it parses anything: the day, the prompt templates, the server settings,
    /// the service and the report key, computed from the files' bytes and the options. With them a
    /// repeat finds the report an identical run stored (`storedOutput`) without parsing the plan and
    /// profile; otherwise `produce` takes them for the full path.
    ///
    /// The templates, settings and service are kept as results, not thrown: the full path reports
    /// their errors where it always did, after the plan and the profile were parsed, so a broken plan
    /// is still the error named first. (A stored report exists only for inputs that parsed before:
    /// the key covers their bytes, the day and planfit's version.)
    struct ShortWay: Sendable {
        var files: PlanAndTeamFiles
        var today: Day
        var templates: Result<PromptTemplates, any Error>
        var settings: Result<ModelServerSettings, any Error>
        var service: Result<RefineService, any Error>
        /// `CacheKey.inputKey`, when the templates could be read.
        var inputKey: String?
        var style: ANSIStyle
        /// Where this run's report is stored; nil without a cache to read.
        var reportKey: RefineService.ReportKey?
        let runner: RefineRunner

        init(runner: RefineRunner, files: PlanAndTeamFiles, planDigest: String, teamDigest: String, cache: RunCache) throws {
            self.runner = runner
            self.files = files
            let options = runner.options
            today = try TodayOption.day(options.today)
            templates = Result { try options.prompts.map(PromptTemplates.load(directory:)) ?? .embedded }
            settings = Result { try options.server.settings() }
            service = settings.flatMap { settings in Result { try options.run.service(settings: settings, cache: cache) } }
            let profileSource = RefineJob.profileSource(digest: teamDigest, today: today)
            inputKey = try? templates.map {
                RefineInputs(mode: runner.mode, planDigest: planDigest, profileSource: profileSource, templates: $0,
                             parameters: options.parameters).key
            }.get()
            style = ANSIStyle(enabled: (options.output == "-" ? Terminal.standardError : Terminal.standardOutput).supportsColor())
            if let inputKey, case .success(let settings) = settings, case .success(let service) = service {
                reportKey = service.reportKey(inputKey: inputKey, scope: Self.scope(settings), rendering: runner.rendering(style: style))
            }
        }

        static func scope(_ settings: ModelServerSettings) -> RefineService.CacheScope {
            RefineService.CacheScope(model: settings.model, server: settings.server?.absoluteString)
        }

        /// The report an identical earlier run stored, printed and written as it was (`-o` included);
        /// nil when there is none, it is stale (its answer is no longer the newest for the request and
        /// scope) or it cannot be read, and the run takes the full path.
        func storedOutput() throws -> Output? {
            // A cache that fails to answer here fails the full path too, which reports it in its place.
            guard let reportKey, case .success(let service) = service,
                  let (answerKey, stored) = try? service.storedReport(reportKey) else { return nil }
            try runner.guardOutputPath()
            ProgressPrinter().finish(.hit, key: answerKey)
            runner.reportCacheHitWhenVerbose()
            try runner.writeOutput(adaptedText: stored.adaptedText, isImprovement: stored.isImprovement, verdictSentence: stored.verdictSentence)
            return Output(text: stored.text, key: answerKey, status: .hit, isImprovement: stored.isImprovement,
                          adaptation: stored.adaptation, model: stored.model, verdict: stored.verdict)
        }
    }

    /// Everything besides the inputs that shapes what this run prints and writes: a repeat with the
    /// same reprints the stored report instead of grounding and rendering the answer again.
    func rendering(style: ANSIStyle) -> JSONValue {
        [
            "format": .string(options.format.rawValue), "color": .bool(style.enabled), "word": .bool(options.word),
            "plan_path": .string(planPath), "team_path": .string(options.team),
            "output": options.output.map { .string($0) } ?? .null,
        ]
    }

    /// The full path: parse, ask the cache or the model, ground the answer, render, and store the report
    /// for the next identical run.
    func produce(_ inputs: ShortWay) async throws -> Output {
        let files = inputs.files
        let profile = try files.team.profile(today: inputs.today)
        let planText = files.plan.text
        let plan = try files.plan.plan()
        try guardOutputPath()
        let templates = try inputs.templates.get()
        let job = RefineJob(mode: mode, planText: planText, plan: plan, profile: profile,
                            templates: templates, parameters: options.parameters, inputKey: inputs.inputKey)
        let settings = try inputs.settings.get()
        let service = try inputs.service.get()
        let progress = ProgressPrinter()
        let scope = ShortWay.scope(settings)
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
        let stored = StoredReport(text: report.document(options.format, style: inputs.style, wordDiff: options.word),
                                  adaptedText: report.adaptedText, isImprovement: report.isImprovement,
                                  verdictSentence: report.verdictSentence,
                                  adaptation: StoredAdaptation(result: grounded, teamPath: options.team, profileText: files.team.text).encoded(),
                                  model: result.outcome.identity.model, verdict: grounded.verdict.rawValue)
        // Best effort: the run has its result; a report that cannot be kept is only rendered again next time.
        if let reportKey = inputs.reportKey { try? service.saveReport(stored, under: reportKey, answerKey: result.key.full) }
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
