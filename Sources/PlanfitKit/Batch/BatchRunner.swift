#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How many plans run at once.
public enum BatchConcurrency: Sendable, Equatable {
    /// `--jobs N`.
    case fixed(Int)
    /// The server's parallel slots once connected (llama.cpp tells them), `fallback` until then and
    /// for servers that do not tell.
    case serverSlots(fallback: Int)

    public static let defaultFallback = 2
    /// What `--jobs` accepts: more plans at once than a local server has slots only queues them there.
    public static let jobsRange = 1...64
}

/// What a batch reports while it runs, for the progress line and the run history.
public enum BatchEvent: Sendable {
    /// The shared connection is up; `jobs` plans now run at once.
    case connected(model: ModelIdentity, jobs: Int)
    case planFinished(BatchPlanResult, done: Int, failed: Int, total: Int)
}

/// Runs `refine` over many plans against one team: bounded concurrency, one shared model
/// connection, one report file per plan (and the adapted plan when it is no worse than the
/// original), and a failure of one plan never stopping the others.
public struct BatchRunner: Sendable {
    public struct Configuration: Sendable {
        public var plans: [BatchPlan]
        public var profile: TeamProfile
        public var templates: PromptTemplates
        public var parameters: RefineParameters
        public var format: AdaptationReport.Format
        /// `--word`: mark changed words in the text report's line diff.
        public var wordDiff: Bool
        public var outputDirectory: String
        public var concurrency: BatchConcurrency
        public var scope: RefineService.CacheScope
        /// `RefineInputs.profileSource` (`RefineJob.profileSource`); with it, each plan's job carries its
        /// input key, so a repeated batch skips the planner and the prompt of plans it already ran.
        public var profileSource: String?

        public init(plans: [BatchPlan], profile: TeamProfile, templates: PromptTemplates, parameters: RefineParameters,
                    format: AdaptationReport.Format, wordDiff: Bool = false, outputDirectory: String,
                    concurrency: BatchConcurrency, scope: RefineService.CacheScope = .init(), profileSource: String? = nil) {
            self.profileSource = profileSource
            self.plans = plans
            self.profile = profile
            self.templates = templates
            self.parameters = parameters
            self.format = format
            self.wordDiff = wordDiff
            self.outputDirectory = outputDirectory
            self.concurrency = concurrency
            self.scope = scope
        }
    }

    public let configuration: Configuration
    public let service: RefineService

    public init(configuration: Configuration, service: RefineService) {
        self.configuration = configuration
        self.service = service
    }

    /// Every output path, so the caller can refuse a batch that would overwrite its inputs.
    public var outputPaths: [String] {
        configuration.plans.flatMap { [path(of: $0.reportFile(configuration.format)), path(of: $0.adaptedFile)] }
    }

    /// Creates the output folder and checks that no output would replace one of `inputs`.
    public func prepareOutput(inputs: [String]) throws {
        let resolved = Dictionary(inputs.map { (Self.canonical($0), $0) }, uniquingKeysWith: { a, _ in a })
        for output in outputPaths {
            if let input = resolved[Self.canonical(output)] {
                throw BatchError.outputOverwritesInput(output: output, input: input)
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: configuration.outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw BatchError.outputFolderUnusable(path: configuration.outputDirectory, reason: FileError.reason(error))
        }
    }

    /// Runs every plan and returns their results in plan order. Never throws: each plan's failure is
    /// in its result. Plans start in order, so `--jobs 1` asks the server in the order listed.
    public func run(connect: @escaping @Sendable () async throws -> BatchConnection,
                    onEvent: @escaping @Sendable (BatchEvent) -> Void = { _ in }) async -> [BatchPlanResult] {
        let plans = configuration.plans
        let gate: ConcurrencyGate
        switch configuration.concurrency {
        case .fixed(let n): gate = ConcurrencyGate(limit: n)
        case .serverSlots(let fallback): gate = ConcurrencyGate(limit: fallback)
        }
        let concurrency = configuration.concurrency
        let shared = SharedConnection {
            let connection = try await connect()
            var jobs = await gate.limit
            if case .serverSlots = concurrency, let slots = connection.parallelSlots, slots > 0 {
                await gate.setLimit(slots)
                jobs = slots
            }
            onEvent(.connected(model: connection.model.identity, jobs: jobs))
            return connection
        }
        let queue = PlanQueue(count: plans.count)
        let tally = Tally(total: plans.count)
        return await withTaskGroup(of: BatchPlanResult.self) { group in
            for _ in plans.indices {
                group.addTask {
                    await gate.enter()
                    let index = await queue.next()
                    let result = Task.isCancelled
                        ? BatchPlanResult(plan: plans[index], outcome: .failed(.init(CancellationError())), seconds: 0, planDigest: nil)
                        : await runOne(plans[index], connection: shared)
                    // Reported before leaving the gate, so with one job the progress follows the plan order.
                    let (done, failed) = tally.add(failed: result.failure != nil)
                    onEvent(.planFinished(result, done: done, failed: failed, total: plans.count))
                    await gate.leave()
                    return result
                }
            }
            var results: [BatchPlanResult] = []
            for await result in group { results.append(result) }
            let order = Dictionary(plans.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
            return results.sorted { order[$0.plan.path, default: 0] < order[$1.plan.path, default: 0] }
        }
    }

    func runOne(_ plan: BatchPlan, connection: SharedConnection) async -> BatchPlanResult {
        let clock = ContinuousClock()
        let start = clock.now
        var digest: String?
        func seconds() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        do {
            let data = try InputFile.readBytes(path: plan.path)
            let planDigest = SHA256Digest.hex(data)
            digest = planDigest
            let text = try InputFile.decodeText(data, path: plan.path)
            let parsed = try PlanParser().parse(text, file: plan.path)
            let inputKey = configuration.profileSource.map {
                RefineInputs(mode: .refine, planDigest: planDigest, profileSource: $0, templates: configuration.templates,
                             parameters: configuration.parameters).key
            }
            let job = RefineJob(mode: .refine, planText: text, plan: parsed, profile: configuration.profile,
                                templates: configuration.templates, parameters: configuration.parameters,
                                inputKey: inputKey)
            let result = try await service.run(job, scope: configuration.scope, connect: { try await connection.get().model })
            let grounded = try GroundedResult.refine(outcome: result.outcome, planPath: plan.path, originalText: text,
                                                     original: parsed, profile: configuration.profile, planner: result.planner,
                                                     fallback: service.fallback)
            let report = AdaptationReport(result: grounded)
            let success = try write(report, for: plan, result: result)
            return BatchPlanResult(plan: plan, outcome: .succeeded(success), seconds: seconds(), planDigest: digest)
        } catch {
            removeStaleOutputs(of: plan)
            return BatchPlanResult(plan: plan, outcome: .failed(.init(error)), seconds: seconds(), planDigest: digest)
        }
    }

    /// Writes the report and, unless the model made the plan worse, the adapted plan. A file left by an
    /// earlier batch that this run does not write is removed, so the folder always shows this run.
    func write(_ report: AdaptationReport, for plan: BatchPlan, result: RefineService.Result) throws -> BatchPlanResult.Success {
        let text = report.document(configuration.format, wordDiff: configuration.wordDiff)
        // Text and markdown reports are for reading, in a terminal or a viewer: the model's text in them
        // is made inert as it is on stdout. JSON escapes controls itself; a patch keeps every byte so it
        // applies. The history keeps the report as written, for `planfit show`.
        let written = configuration.format == .text || configuration.format == .markdown ? TerminalText.sanitised(text) : text
        let reportPath = path(of: plan.reportFile(configuration.format))
        let adaptedPath = path(of: plan.adaptedFile)
        // `prepareOutput` made the folder; making it again costs little and keeps `run` usable alone.
        try? FileManager.default.createDirectory(atPath: configuration.outputDirectory, withIntermediateDirectories: true)
        try AtomicFile.write(written, to: reportPath)
        var files = [reportPath]
        if report.isImprovement {
            try AtomicFile.write(report.adaptedText, to: adaptedPath)
            files.append(adaptedPath)
        } else {
            try? FileManager.default.removeItem(atPath: adaptedPath)
        }
        let grounded = report.result
        return BatchPlanResult.Success(
            verdict: grounded.verdict, errorsBefore: grounded.before.count(.error),
            errorsAfter: grounded.shown.errorCount, cacheStatus: result.cacheStatus,
            cacheKey: result.key.full, files: files, report: written)
    }

    func removeStaleOutputs(of plan: BatchPlan) {
        for file in [plan.reportFile(configuration.format), plan.adaptedFile] {
            try? FileManager.default.removeItem(atPath: path(of: file))
        }
    }

    func path(of file: String) -> String {
        PathText.join(configuration.outputDirectory, file)
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Hands out plan indexes in order, so plans start in the order listed whatever task gets the gate.
private actor PlanQueue {
    private var nextIndex = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int {
        defer { nextIndex += 1 }
        return min(nextIndex, count - 1)
    }
}

/// Counts finished and failed plans across concurrent tasks, for the progress line.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
private final class Tally: @unchecked Sendable {
    private let lock = Lock()
    private var done = 0
    private var failed = 0
    let total: Int

    init(total: Int) { self.total = total }

    func add(failed isFailure: Bool) -> (done: Int, failed: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if isFailure { failed += 1 }
        return (done, failed)
    }
}
