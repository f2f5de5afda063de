/// One file a command reads, a plan or a team profile, as it was read: the exact bytes (what the run
/// history's digests and the cache keys are taken over) and their text. `-` is standard input.
///
/// This is the one way commands read their inputs: `InputFile`'s checks (missing file exit 66; empty,
/// binary or non-UTF-8 exit 65 with the line), then the parsers.
public struct InputDocument: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// The bytes decoded, without a UTF-8 byte order mark.
    public let text: String

    public init(path: String, bytes: [UInt8], text: String) {
        self.path = path
        self.bytes = bytes
        self.text = text
    }

    public static func read(_ path: String) throws -> InputDocument {
        let bytes = try InputFile.readBytes(path: path)
        return InputDocument(path: path, bytes: bytes, text: try InputFile.decodeText(bytes, path: path))
    }

    /// SHA-256 of the bytes, hex.
    public var digest: String { SHA256Digest.hex(bytes) }

    public func plan() throws -> Plan { try PlanParser().parse(text, file: path) }

    /// The team profile, its default horizon counted from `today`.
    public func profile(today: Day) throws -> TeamProfile { try TeamProfileLoader(today: today).parse(text, file: path) }
}

/// The plan and the team profile of a command, read the same way by every command: both files first,
/// so what was read is known (for the history) even when parsing then fails.
public struct PlanAndTeamFiles: Sendable {
    public let plan: InputDocument
    public let team: InputDocument

    /// Reads the team profile, then the plan (a broken profile is reported before a plan problem: the
    /// profile is what every run of the team shares).
    public static func read(plan planPath: String, team teamPath: String) throws -> PlanAndTeamFiles {
        try refuseStandardInputTwice([planPath, teamPath])
        let team = try InputDocument.read(teamPath)
        return PlanAndTeamFiles(plan: try InputDocument.read(planPath), team: team)
    }

    /// `-` names standard input, which can be read once.
    public static func refuseStandardInputTwice(_ paths: [String]) throws {
        if paths.filter({ $0 == "-" }).count > 1 {
            throw UsageError("only one of the plan and --team can be - (standard input); give the other as a file")
        }
    }
}
