import Foundation
@testable import PlanfitKit

/// A model that answers from a script keyed by text in the plan it is shown, counts how often the
/// batch connected, and tracks how many chats ran at once.
final class ScriptedBatchModel: ChatModel, @unchecked Sendable {
    let identity = ModelIdentity(api: "openai", server: "http://127.0.0.1:9/", model: "scripted")
    private let answers: [(marker: String, text: String)]
    private let holdNanoseconds: UInt64
    private let lock = NSLock()
    private var running = 0
    private(set) var peak = 0
    private(set) var asked: [String] = []

    init(answers: [(String, String)], holdNanoseconds: UInt64 = 0) {
        self.answers = answers.map { (marker: $0.0, text: $0.1) }
        self.holdNanoseconds = holdNanoseconds
    }

    func chat(_ request: ChatRequest, onText: @Sendable (String) -> Void) async throws -> ChatResult {
        let prompt = request.messages.last?.content ?? ""
        let match = answers.first { prompt.contains($0.marker) }
        lock.withLock {
            running += 1
            peak = max(peak, running)
            asked.append(match?.marker ?? "?")
        }
        if holdNanoseconds > 0 { try await Task.sleep(nanoseconds: holdNanoseconds) }
        lock.withLock { running -= 1 }
        let text = match?.text ?? "no answer scripted for this plan"
        onText(text)
        return ChatResult(text: text, finishReason: .stop, promptTokens: 10, completionTokens: 20, modelID: "scripted")
    }

    func canonicalRequestBody(_ request: ChatRequest) -> JSONValue {
        .array(request.messages.map { .string($0.content) })
    }
}

/// A model that throws `error` for the plan containing `marker` and otherwise answers like `model`.
struct FailingOn<Failure: Error & Sendable>: ChatModel {
    let marker: String
    let error: Failure
    let model: ScriptedBatchModel

    var identity: ModelIdentity { model.identity }

    func chat(_ request: ChatRequest, onText: @Sendable (String) -> Void) async throws -> ChatResult {
        if request.messages.last?.content.contains(marker) == true { throw error }
        return try await model.chat(request, onText: onText)
    }

    func canonicalRequestBody(_ request: ChatRequest) -> JSONValue { model.canonicalRequestBody(request) }
}

/// Counts connections; fails when `refuse` is set, like a server that is down.
final class ConnectionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    let model: ScriptedBatchModel
    let slots: Int?
    let refuse: Bool

    init(model: ScriptedBatchModel, slots: Int? = nil, refuse: Bool = false) {
        self.model = model
        self.slots = slots
        self.refuse = refuse
    }

    /// What the runner is given as its `connect`.
    var connect: @Sendable () async throws -> BatchConnection { { [self] in try await open() } }

    func open() async throws -> BatchConnection {
        lock.withLock { count += 1 }
        if refuse { throw ModelServerError.noServerFound(tried: ["http://127.0.0.1:9"]) }
        return BatchConnection(model: model, parallelSlots: slots)
    }
}

/// Collects batch events from concurrent tasks.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var events: [BatchEvent] = []

    /// What the runner is given as its `onEvent`.
    var add: @Sendable (BatchEvent) -> Void { { [self] event in lock.withLock { events.append(event) } } }

    var connectedJobs: [Int] {
        lock.withLock { events.compactMap { if case .connected(_, let jobs) = $0 { return jobs } else { return nil } } }
    }

    var progress: [(done: Int, failed: Int, total: Int)] {
        lock.withLock {
            events.compactMap { if case .planFinished(_, let d, let f, let t) = $0 { return (d, f, t) } else { return nil } }
        }
    }
}

enum BatchFixtures {
    static var team: TeamProfile {
        get throws { try TeamProfileLoader(today: Day(iso: "2026-11-20")!).load(path: CLI.fixture("teams/payments.yaml")) }
    }

    /// A model answer: the JSON object refine asks for.
    static func answer(plan: String, changes: [(task: String, kind: String, reason: String)] = []) -> String {
        JSONValue.object([
            "plan": .string(plan),
            "changes": .array(changes.map { .object(["task": .string($0.task), "kind": .string($0.kind), "reason": .string($0.reason)]) }),
            "risks": .array([]),
            "questions": .array([]),
        ]).canonicalText
    }

    /// A plan with one unknown owner (an error finding) that `fixedAnswer` repairs.
    static func plan(_ title: String) -> String {
        "# \(title)\n\n## Work\n\n- Build \(title) @bo ~2d #react\n- Review \(title) @zoe ~1d\n"
    }

    static func fixedAnswer(_ title: String) -> String {
        answer(plan: plan(title).replacingOccurrences(of: "@zoe", with: "@chidi"),
               changes: [("Review \(title)", "reassign", "zoe is not on the team")])
    }

    static func runner(_ plans: [BatchPlan], output: String, concurrency: BatchConcurrency, store: SQLiteResultStore? = nil,
                       format: AdaptationReport.Format = .json, fallback: FallbackPolicy = .none) throws -> BatchRunner {
        BatchRunner(configuration: .init(plans: plans, profile: try team, templates: .embedded,
                                         parameters: RefineParameters(maxRepairs: 0), format: format,
                                         outputDirectory: output, concurrency: concurrency),
                    service: RefineService(store: store, policy: store == nil ? .bypass : .normal, offline: false, fallback: fallback))
    }
}
