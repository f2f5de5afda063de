import Foundation
import Testing
@testable import PlanfitKit

/// A model that answers from a script, in order, and records every request it was sent, so engine
/// tests can say exactly what the repair turns contained. Asking for more answers than the script
/// holds is an error: an engine that loops too far fails the test instead of hanging.
struct ScriptedChatModel: ChatModel {
    struct Reply: Sendable {
        var text: String
        var finishReason: FinishReason = .stop
    }

    struct ScriptExhausted: Error, CustomStringConvertible {
        var asked: Int
        var description: String { "the engine asked for answer \(asked), but the script holds fewer" }
    }

    /// The requests seen so far, shared by copies of the model.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [ChatRequest] = []

        func append(_ request: ChatRequest) -> Int {
            lock.lock()
            defer { lock.unlock() }
            stored.append(request)
            return stored.count - 1
        }

        var requests: [ChatRequest] {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
    }

    let replies: [Reply]
    let log = Log()

    init(_ replies: [Reply]) { self.replies = replies }
    init(texts: [String]) { self.replies = texts.map { Reply(text: $0) } }

    var requests: [ChatRequest] { log.requests }

    var identity: ModelIdentity { ModelIdentity(api: "openai", server: "http://127.0.0.1:9", model: "scripted") }

    func chat(_ request: ChatRequest, onText: @Sendable (String) -> Void) async throws -> ChatResult {
        let index = log.append(request)
        guard index < replies.count else { throw ScriptExhausted(asked: index + 1) }
        let reply = replies[index]
        onText(reply.text)
        return ChatResult(text: reply.text, finishReason: reply.finishReason, promptTokens: 1000 + index,
                          completionTokens: reply.text.count / 4, timings: ["predicted_ms": 10], modelID: "scripted")
    }

    func canonicalRequestBody(_ request: ChatRequest) -> JSONValue {
        ["messages": .array(request.messages.map { ["role": .string($0.role), "content": .string($0.content)] })]
    }
}

/// The example plan and team from `fixtures/`, and answers built from them.
enum RefineFixtures {
    static func text(_ path: String) -> String {
        try! String(contentsOfFile: CLI.fixture(path), encoding: .utf8)
    }

    static let originalText = text("plans/checkout-v2.md")
    /// The example plan adapted so it breaks no error rule; it drops the Kotlin task (see `changes`).
    static let fittedText = text("plans/checkout-v2-adapted.md")
    static let original = try! PlanParser().parse(originalText, file: "checkout-v2.md")
    static let profile = try! TeamProfileLoader(today: Day(iso: "2026-12-01")!).load(path: CLI.fixture("teams/payments.yaml"))

    /// Every task `fittedText` changes, each with its reason (and the two shorter estimates as
    /// re-estimates), so an answer of `fittedText` with these changes is fully accounted for.
    static let changes: [JSONValue] = [
        ["task": "Build the payment intent API in Go", "kind": "re-estimate", "reason": "bo has go at working; ana has go at expert and needs half the time"],
        ["task": "Write the Kafka event publisher", "kind": "re-estimate", "reason": "ana has built two publishers; moved to Phase 2 after her time off"],
        ["task": "Integrate the card network SDK", "kind": "reassign", "reason": "ana is over capacity; bo has go"],
        ["task": "Port the fraud checks to Kotlin", "kind": "drop", "reason": "missing-skill: no member has kotlin"],
        ["task": "Load test the new flow", "kind": "reassign", "reason": "unknown-owner: @carla is not on the team"],
        ["task": "Migrate saved cards", "kind": "reassign", "reason": "chidi has postgres at expert and room"],
        ["task": "Plan the on-call rotation and hiring for Q1", "kind": "reassign", "reason": "role-boundary: people-management belongs to dana"],
        ["task": "Write the launch runbook", "kind": "assign", "reason": "unassigned: bo has room"],
    ]

    /// One answer object as the model would send it.
    static func answer(_ plan: String, changes: [JSONValue] = changes, note: String? = nil) -> String {
        var object: [String: JSONValue] = ["plan": .string(plan), "changes": .array(changes),
                                           "risks": ["ana is the only go expert"], "questions": ["Can launch move a week?"]]
        if let note { object["note"] = .string(note) }
        return JSONValue.object(object).prettyText
    }

    /// The fitted plan with one unknown owner: exactly one error finding.
    static let oneErrorText = fittedText.replacingOccurrences(of: "- Write the launch runbook @bo ~1d", with: "- Write the launch runbook @zed ~1d")
    /// The fitted plan with a different unknown owner: also exactly one error finding.
    static let otherOneErrorText = fittedText.replacingOccurrences(of: "- Announce the launch to merchants @dana ~1d", with: "- Announce the launch to merchants @yan ~1d")
    /// The original plan with every task kept and extra tasks for people who do not exist.
    static let worseText = originalText.replacingOccurrences(
        of: "- Announce the launch to merchants @dana ~1d\n",
        with: "- Announce the launch to merchants @dana ~1d\n- Brief support @xi ~1d\n- Brief sales @yu ~1d\n- Update the status page @zu ~1d\n")

    static func job(_ mode: RefineMode = .refine, planText: String = originalText, maxRepairs: Int = 2,
                    templates: PromptTemplates = .embedded) throws -> RefineJob {
        let plan = try PlanParser().parse(planText, file: "checkout-v2.md")
        return RefineJob(mode: mode, planText: planText, plan: plan, profile: profile, templates: templates,
                         parameters: RefineParameters(maxRepairs: maxRepairs))
    }

    static func errorCount(_ planText: String) throws -> Int {
        RuleEngine(profile: profile).check(try PlanParser().parse(planText)).count(.error)
    }
}

/// Runs the engine on `job` against `model`.
func runEngine(_ job: RefineJob, _ model: ScriptedChatModel) async throws -> RefineOutcome {
    let engine = try RefineEngine(job: job)
    return try await engine.run(try engine.prepare(), model: model)
}

/// The error `body` throws, or nil.
func errorThrown(by body: () async throws -> Void) async -> Error? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}
