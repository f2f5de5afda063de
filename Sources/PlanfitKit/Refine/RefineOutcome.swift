/// One round of asking the model: what came back and what was wrong with it.
public struct RefineRound: Sendable, Equatable, Codable {
    public var number: Int
    public var finishReason: String
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var timings: [String: Double]
    /// Problems found in this round's answer (empty: accepted).
    public var problems: [String]
    /// Error findings in this round's plan, when it had a readable plan.
    public var errorFindings: Int?
}

/// The result of a refine/propose run: what the cache stores and every output format renders.
public struct RefineOutcome: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        /// The adapted plan breaks no error rule.
        case fixed
        /// Fewer error findings than the original, but some remain.
        case improved
        /// As many error findings as the original.
        case notImproved = "not-improved"
        /// More error findings than the original: never presented as an improvement.
        case worse
        /// Tasks of the original are missing and no change explains why: never presented as an improvement.
        case droppedTasks = "dropped-tasks"
        /// No round gave a usable plan (not JSON, wrong shape, cut off).
        case unusable
    }

    /// Why no round gave a usable plan.
    public enum Failure: Sendable, Equatable, Codable {
        case unusable(problems: [String])
        case truncated(model: String, maxTokens: Int, completionTokens: Int?)
        /// The server refused a round's prompt (it outgrew the context).
        case serverError(message: String, exitStatus: Int32)

        /// The error a run reports when it shows nothing else (`--fallback none`).
        public func asError(rounds: Int) -> Error {
            switch self {
            case .unusable(let problems): return RefineError.unusableAnswer(rounds: rounds, problems: problems)
            case .truncated(let model, let maxTokens, let completionTokens):
                return ModelServerError.outputTruncated(model: model, maxTokens: maxTokens, completionTokens: completionTokens)
            case .serverError(let message, let exitStatus):
                return StoredServerError(message: message, status: ExitStatus(rawValue: exitStatus) ?? .dataError)
            }
        }
    }

    public var command: String
    public var asHandle: String?
    public var concern: String?
    public var identity: ModelIdentity
    public var parameters: RefineParameters
    public var rounds: [RefineRound]
    /// The round whose answer is presented (the one with the fewest error findings, latest on ties).
    public var chosenRound: Int
    public var answer: RefineAnswer
    public var findingsBefore: [Finding]
    public var findingsAfter: [Finding]
    public var loadBefore: [MemberLoad]
    public var loadAfter: [MemberLoad]
    public var verdict: Verdict
    /// Original tasks the shown plan lacks with no change explaining it (empty for an acceptable plan).
    public var droppedTasks: [String]?
    /// Set when no round was usable: `answer` is then empty and `chosenRound` 0.
    public var failure: Failure?

    public var repairRounds: Int { rounds.count - 1 }
    public var promptTokens: Int { rounds.compactMap(\.promptTokens).reduce(0, +) }
    public var completionTokens: Int { rounds.compactMap(\.completionTokens).reduce(0, +) }

    static func verdict(before: [Finding], after: [Finding], droppedTasks: [String] = []) -> Verdict {
        let b = before.filter { $0.severity == .error }.count, a = after.filter { $0.severity == .error }.count
        if !droppedTasks.isEmpty { return .droppedTasks }
        if a == 0 { return .fixed }
        if a < b { return .improved }
        if a == b { return .notImproved }
        return .worse
    }
}

/// A server error a run stored in its outcome, reported as it was first reported.
public struct StoredServerError: PlanfitError, Equatable {
    public var message: String
    public var status: ExitStatus
    public var exitStatus: ExitStatus { status }
    public var description: String { message }
}
