/// Failures of a refine/propose run that are not the server's.
public enum RefineError: PlanfitError, Equatable {
    /// `--as` names someone who is not on the team.
    case unknownMember(handle: String, members: [String])
    /// After every repair round the model still gave nothing planfit can use.
    case unusableAnswer(rounds: Int, problems: [String])
    /// `--offline` and nothing cached for this request.
    case offlineMiss(detail: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .unknownMember: return .usage
        case .unusableAnswer: return .dataError
        case .offlineMiss: return .unavailable
        }
    }

    public var description: String {
        switch self {
        case .unknownMember(let handle, let members):
            return "--as @\(handle) is not a member of the team; members are \(members.map { "@\($0)" }.joined(separator: ", "))"
        case .unusableAnswer(let rounds, let problems):
            let list = problems.prefix(8).map { "  - \($0)" }.joined(separator: "\n")
            return "the model gave no usable answer in \(rounds) round\(rounds == 1 ? "" : "s"); the last one had these problems:\n\(list)\nTry a larger model (--model), more --max-repairs, or a higher --max-tokens."
        case .offlineMiss(let detail):
            return "--offline: no cached answer for this request (\(detail)); run once without --offline, or pass --replay DIR"
        }
    }
}
