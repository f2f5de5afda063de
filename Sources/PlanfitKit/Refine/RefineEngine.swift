/// Progress of a run, for the terminal: rounds starting and text streaming in.
public enum RefineEvent: Sendable {
    case roundStarted(number: Int, of: Int)
    case textReceived(characters: Int)
    case roundFinished(RefineRound)
}

/// The refine/propose pipeline: render the prompt, ask the model, review the answer with the same
/// rules as `check`, and ask for repairs while the answer still breaks them, up to `maxRepairs` times.
/// I/O is only the injected `ChatModel`; everything else is values.
public struct RefineEngine: Sendable {
    /// What is sent in the first round, computed before any network use so the cache can be asked first.
    public struct Prepared: Sendable {
        public var messages: [ChatMessage]
        public var request: ChatRequest
        public var checkBefore: CheckResult
        public var templateHashes: [String: String]
        /// planfit's own moves for this plan: suggested in the prompt, and the fallback when the model's
        /// plan is less grounded.
        public var planner: PlannerResult
    }

    public let job: RefineJob
    let renderer: PromptRenderer

    public init(job: RefineJob) throws {
        try job.validate()
        self.job = job
        self.renderer = PromptRenderer(templates: job.templates)
    }

    public func prepare() throws -> Prepared {
        let checkBefore = RuleEngine(profile: job.profile).check(job.plan)
        let planner = Planner().plan(job.plan, profile: job.profile)
        let messages = try renderer.messages(for: job, findings: checkBefore.findings, suggestions: planner.moves)
        let names = renderer.templateNames(for: job.mode)
        return Prepared(messages: messages, request: request(messages), checkBefore: checkBefore,
                        templateHashes: job.templates.hashes(names), planner: planner)
    }

    var schema: JSONValue { AnswerSchema.schema(includeNote: job.mode.includesNote, planCharacters: job.planText.count, maxTokens: job.parameters.maxTokens) }

    /// `contextSize` is the first round's (every round of a run asks Ollama for the same, so it never
    /// reloads the model between rounds); nil computes it from `messages`, the first round's prompt.
    func request(_ messages: [ChatMessage], contextSize: Int? = nil) -> ChatRequest {
        // Ollama's default context (2048 tokens) silently truncates long prompts: ask for enough room,
        // in a size shared by the run's rounds and by plans of similar size (OllamaModelResidency).
        let contextSize = contextSize ?? OllamaModelResidency.contextSize(
            promptCharacters: messages.reduce(0) { $0 + $1.content.count }, maxTokens: job.parameters.maxTokens,
            repairRounds: job.parameters.maxRepairs, repairRoundCharacters: repairExcerptBytes + 2048)
        return ChatRequest(messages: messages, temperature: job.parameters.temperature, seed: job.parameters.seed,
                           maxTokens: job.parameters.maxTokens,
                           responseSchema: schema,
                           contextSize: contextSize)
    }

    public func run(_ prepared: Prepared, model: ChatModel,
                    progress: @escaping @Sendable (RefineEvent) -> Void = { _ in }) async throws -> RefineOutcome {
        let totalRounds = 1 + max(0, job.parameters.maxRepairs)
        var messages = prepared.messages
        var rounds: [RefineRound] = []
        var best: (round: Int, review: AnswerReview)?
        var lastProblems: [String] = []
        var failure: RefineOutcome.Failure?

        for number in 1...totalRounds {
            progress(.roundStarted(number: number, of: totalRounds))
            let counter = CharacterCounter()
            let result: ChatResult
            do {
                result = try await model.chat(request(messages, contextSize: prepared.request.contextSize)) { piece in
                    progress(.textReceived(characters: counter.add(piece.count)))
                }
            } catch let error as ModelServerError {
                // A prompt the model cannot take (a repair turn that outgrows a small context) ends the
                // rounds like an unusable answer: keep the best earlier round, or let the caller show
                // the planner's plan. Servers that cannot be reached still fail the run.
                guard case .contextOverflow = error else { throw error }
                let round = RefineRound(number: number, finishReason: "error", promptTokens: nil, completionTokens: nil,
                                        timings: [:], problems: [error.description], errorFindings: nil)
                rounds.append(round)
                progress(.roundFinished(round))
                if best == nil { failure = .serverError(message: error.description, exitStatus: error.exitStatus.rawValue) }
                break
            }
            try Task.checkCancellation()
            let review = AnswerReview.review(text: result.text, original: job.plan, profile: job.profile,
                                             includeNote: job.mode.includesNote, schema: schema)
            var problems = review.problems
            let truncated = result.finishReason == .length && !review.isUsable
            if truncated {
                problems.insert("the answer was cut off at max_tokens (\(job.parameters.maxTokens)) before it was complete", at: 0)
            }
            let round = RefineRound(number: number, finishReason: result.finishReason.rawValue,
                                    promptTokens: result.promptTokens, completionTokens: result.completionTokens,
                                    timings: result.timings, problems: problems,
                                    errorFindings: review.check.map { $0.count(.error) })
            rounds.append(round)
            progress(.roundFinished(round))
            lastProblems = problems
            // The shown round is the one with the fewest error findings and silent drops, latest on ties.
            if review.isUsable, best == nil || review.blockingCount <= best!.review.blockingCount {
                best = (number, review)
            }
            if problems.isEmpty { break }
            if truncated {
                // Asking again would hit the same limit: keep the best earlier answer, or say what happened.
                if best == nil {
                    failure = .truncated(model: result.modelID, maxTokens: job.parameters.maxTokens, completionTokens: result.completionTokens)
                }
                break
            }
            if number == totalRounds { break }
            messages += [.assistant(repairExcerpt(result.text)), try renderer.repairMessage(round: number, problems: problems)]
        }

        var concern: String?
        var asHandle: String?
        if case .propose(let handle, let c) = job.mode {
            asHandle = handle
            concern = c
        }
        guard let best, let answer = best.review.answer, let check = best.review.check else {
            // Nothing usable: the outcome says why, and the caller shows the planner's plan or the error.
            return RefineOutcome(command: job.mode.command, asHandle: asHandle, concern: concern, identity: model.identity,
                                 parameters: job.parameters, rounds: rounds, chosenRound: 0,
                                 answer: RefineAnswer(plan: "", changes: [], risks: [], questions: []),
                                 findingsBefore: prepared.checkBefore.findings, findingsAfter: [],
                                 loadBefore: prepared.checkBefore.load, loadAfter: [], verdict: .unusable, droppedTasks: nil,
                                 failure: failure ?? .unusable(problems: lastProblems))
        }
        let findingsAfter = best.review.findingsAfter
        return RefineOutcome(command: job.mode.command, asHandle: asHandle, concern: concern, identity: model.identity,
                             parameters: job.parameters, rounds: rounds, chosenRound: best.round, answer: answer,
                             findingsBefore: prepared.checkBefore.findings, findingsAfter: findingsAfter,
                             loadBefore: prepared.checkBefore.load, loadAfter: check.load,
                             verdict: RefineOutcome.verdict(before: prepared.checkBefore.findings, after: findingsAfter,
                                                            droppedTasks: best.review.droppedTasks),
                             droppedTasks: best.review.droppedTasks, failure: nil)
    }
}

/// The bytes of a bad answer a repair turn quotes back to the model. Quoting a whole answer made each
/// repair request as large as every answer before it (a 50 MB answer sent 101 MB back); the problems
/// list says what to fix, and the head of the answer is enough context for it.
let repairExcerptBytes = 8 << 10

/// `text` cut to `repairExcerptBytes` bytes of UTF-8 at a character boundary, with a marker naming what
/// was left out; unchanged when it fits.
func repairExcerpt(_ text: String) -> String {
    guard text.utf8.count > repairExcerptBytes else { return text }
    var kept = 0
    var end = text.startIndex
    for index in text.indices {
        let size = text[index].utf8.count
        if kept + size > repairExcerptBytes { break }
        kept += size
        end = text.index(after: index)
    }
    return String(text[..<end]) + "\n[... \(text.utf8.count - kept) more bytes of this answer left out ...]"
}

/// Counts streamed characters across the `@Sendable` callback.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
final class CharacterCounter: @unchecked Sendable {
    private var total = 0
    private let lock = Lock()

    func add(_ n: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        total += n
        return total
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
