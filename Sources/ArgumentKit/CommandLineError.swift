/// A command line that cannot be read: what is wrong, for the message the user sees (exit 64).
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    case unknownOption(String, suggestion: String?)
    case unknownCommand(String, suggestion: String?)
    case missingValue(option: String, valueName: String)
    case missingArgument(synopsis: String)
    case unexpectedArgument(String)
    case invalidValue(option: String, value: String, choices: [String], reason: String?)
    case valueForFlag(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownOption(let option, let suggestion):
            "unknown option '\(option)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .unknownCommand(let name, let suggestion):
            "unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .missingValue(let option, let valueName):
            "\(option) needs a value: \(option) <\(valueName)>"
        case .missingArgument(let synopsis):
            "missing \(synopsis)"
        case .unexpectedArgument(let argument):
            "unexpected argument '\(argument)'"
        case .invalidValue(let option, let value, let choices, let reason):
            "'\(value)' is not a valid value for \(option)"
                + (choices.isEmpty ? "" : "; use one of: \(choices.joined(separator: ", "))")
                + (reason.map { ": \($0)" } ?? "")
        case .valueForFlag(let flag):
            "\(flag) takes no value"
        case .invalid(let message):
            message
        }
    }
}

/// The closest of `candidates` to `word` by edit distance, when it is close enough to be a typo.
func closest(to word: String, in candidates: [String]) -> String? {
    let target = Array(word.utf8)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.utf8))
        if distance <= max(2, target.count / 3), distance < best?.1 ?? .max { best = (candidate, distance) }
    }
    return best?.0
}

private func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0 ... b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: b.count)
        for (j, y) in b.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
