#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a run uses the cache.
public enum CachePolicy: String, Sendable, Equatable {
    /// Read, and write on a miss.
    case normal
    /// `--no-cache`: neither read nor write.
    case bypass
    /// `--refresh`: recompute and overwrite.
    case refresh
}

/// One refine/propose run with the cache around the engine: look up first, ask the model only on a
/// miss, store only a complete run. A failed, cancelled or timed-out run stores nothing, because the
/// answer is saved only after the engine returns; a run whose rounds gave no usable plan is stored
/// (its outcome says so), so a repeat shows the same planner fallback without asking again.
public struct RefineService: Sendable {
    public struct Result: Sendable {
        public var outcome: RefineOutcome
        public var cacheStatus: CacheStatus
        public var key: CacheKey
        /// The planner's result for the job's plan (computed for the prompt; a cache hit has it too).
        public var planner: PlannerResult
    }

    public let store: SQLiteResultStore?
    public let policy: CachePolicy
    /// `--offline` without cassettes: never connect; answer from the cache or fail.
    public let offline: Bool
    /// With `.none`, a run whose rounds gave no usable plan fails (and stores nothing); with `.planner`
    /// it is a result like any other (the planner's plan is shown), stored so a repeat is instant.
    public let fallback: FallbackPolicy

    public init(store: SQLiteResultStore?, policy: CachePolicy, offline: Bool, fallback: FallbackPolicy = .planner) {
        self.store = store
        self.policy = policy
        self.offline = offline
        self.fallback = fallback
    }

    /// Narrows which cached answers may serve a request when the user named a model or server.
    public struct CacheScope: Sendable {
        public var model: String?
        public var server: String?

        public init(model: String? = nil, server: String? = nil) {
            self.model = model
            self.server = server
        }
    }

    /// `connect` is called only when the cache cannot answer, so a hit contacts no server at all.
    public func run(_ job: RefineJob, scope: CacheScope, connect: () async throws -> ChatModel,
                    progress: @escaping @Sendable (RefineEvent) -> Void = { _ in }) async throws -> Result {
        let engine = try RefineEngine(job: job)
        if offline, policy != .normal || store == nil {
            throw RefineError.offlineMiss(detail: "--offline reads the cache, so it cannot be combined with --no-cache or --refresh")
        }
        // The short way for a repeat: the inputs' key finds the request key and the planner's result a
        // run with the same inputs stored, so neither the planner nor the prompt is computed again.
        let inputKey = job.inputKey
        if policy == .normal, let store, let inputKey, let known = try store.preparedRequest(inputKey: inputKey),
           let planner = try? JSONDecoder().decode(PlannerResult.self, from: Data(known.planner.utf8)),
           let cached = try store.lookup(requestKey: known.requestKey, model: scope.model, server: scope.server) {
            return Result(outcome: try Self.decode(cached.payload, path: store.path), cacheStatus: .hit,
                          key: CacheKey(request: known.requestKey, full: cached.key), planner: planner)
        }
        let prepared = try engine.prepare()
        let requestKey = CacheKey.requestKey(job: job, messages: prepared.messages, request: prepared.request,
                                             templateHashes: prepared.templateHashes)
        if policy == .normal, let store,
           let cached = try store.lookup(requestKey: requestKey, model: scope.model, server: scope.server) {
            try remember(inputKey, requestKey: requestKey, planner: prepared.planner, in: store)
            return Result(outcome: try Self.decode(cached.payload, path: store.path), cacheStatus: .hit,
                          key: CacheKey(request: requestKey, full: cached.key), planner: prepared.planner)
        }
        if offline {
            var detail: [String] = []
            if let model = scope.model { detail.append("model \(model)") }
            if let server = scope.server { detail.append("server \(server)") }
            throw RefineError.offlineMiss(detail: detail.isEmpty ? "for any model or server" : detail.joined(separator: ", "))
        }
        let model = try await connect()
        let key = CacheKey(request: requestKey, full: CacheKey.fullKey(requestKey: requestKey, request: prepared.request, model: model))
        let fresh = try await engine.run(prepared, model: model, progress: progress)
        if let failure = fresh.failure, fallback == .none { throw failure.asError(rounds: fresh.rounds.count) }
        // Render from the stored form, so the first run prints exactly what a later cache hit prints.
        let payload = try Self.encode(fresh)
        let outcome = try Self.decode(payload, path: store?.path ?? "-")
        if policy != .bypass, let store {
            try store.save(CachedAnswer(
                key: key.full, command: outcome.command, model: outcome.identity.model, modelDigest: outcome.identity.modelDigest,
                server: outcome.identity.server, serverVersion: outcome.identity.serverVersion, api: outcome.identity.api,
                parameters: ["temperature": .double(job.parameters.temperature), "seed": .int(job.parameters.seed),
                             "max_tokens": .int(job.parameters.maxTokens), "max_repairs": .int(job.parameters.maxRepairs)],
                promptTokens: outcome.promptTokens, completionTokens: outcome.completionTokens,
                timings: .array(outcome.rounds.map { r in .object(r.timings.mapValues { JSONValue.double($0) }) }),
                repairRounds: outcome.repairRounds,
                findingsBefore: .array(outcome.findingsBefore.map(\.json)), findingsAfter: .array(outcome.findingsAfter.map(\.json)),
                payload: payload, requestKey: requestKey))
            try remember(inputKey, requestKey: requestKey, planner: prepared.planner, in: store)
        }
        return Result(outcome: outcome, cacheStatus: policy == .normal ? .miss : (policy == .refresh ? .refresh : .bypass), key: key,
                      planner: prepared.planner)
    }

    /// Stores what these inputs were prepared into, for the short way of the next repeat.
    func remember(_ inputKey: String?, requestKey: String, planner: PlannerResult, in store: SQLiteResultStore) throws {
        guard let inputKey else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.savePreparedRequest(inputKey: inputKey, requestKey: requestKey,
                                      planner: String(decoding: try encoder.encode(planner), as: UTF8.self))
    }

    // MARK: Reprinting a repeated run

    /// The key a run's report is stored under: the run's inputs (`inputKey`, `CacheKey.inputKey`), the
    /// cache scope, `--fallback` and `rendering`, the caller's description of every option that shapes
    /// what it prints and writes (format, colour, paths, ...). Needs nothing parsed, so a repeat can
    /// look for its report before reading the plan and profile as more than bytes. Nil when the cache
    /// is not read.
    public func reportKey(inputKey: String, scope: CacheScope, rendering: JSONValue) -> ReportKey? {
        guard store != nil else { return nil }
        let part: JSONValue = [
            "input_key": .string(inputKey),
            "model": scope.model.map { .string($0) } ?? .null,
            "server": scope.server.map { .string($0) } ?? .null,
            "fallback": .string(fallback == .none ? "none" : "planner"),
            "rendering": rendering,
        ]
        return ReportKey(inputKey: inputKey, scope: scope, value: SHA256Digest.hex(part.canonicalText))
    }

    /// Where a run's report is stored, and what finding it needs: the run's input key and cache scope.
    public struct ReportKey: Sendable {
        public let inputKey: String
        public let scope: CacheScope
        public let value: String
    }

    /// What an earlier identical run printed, when its answer is still the one this run would show:
    /// the answer's key and the report. One query (`SQLiteResultStore.currentStoredReport`) that reads
    /// three index entries and one row; decodes nothing else.
    public func storedReport(_ key: ReportKey) throws -> (answerKey: String, report: StoredReport)? {
        guard policy == .normal, let store,
              let (answerKey, text) = try store.currentStoredReport(reportKey: key.value, inputKey: key.inputKey,
                                                                    model: key.scope.model, server: key.scope.server),
              let report = StoredReport.decode(text) else { return nil }
        return (answerKey, report)
    }

    /// Keeps what this run printed for the next identical run.
    public func saveReport(_ report: StoredReport, under key: ReportKey, answerKey: String) throws {
        guard policy != .bypass, let store else { return }
        try store.saveStoredReport(reportKey: key.value, answerKey: answerKey, report: try report.encoded())
    }

    static func encode(_ outcome: RefineOutcome) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(outcome), as: UTF8.self)
    }

    static func decode(_ payload: String, path: String) throws -> RefineOutcome {
        do {
            return try JSONDecoder().decode(RefineOutcome.self, from: Data(payload.utf8))
        } catch {
            throw CacheContentError(path: path, row: "cached answer", column: "payload",
                                    reason: "it is not an answer this planfit can read (\(error)); run with --refresh to replace it")
        }
    }
}
