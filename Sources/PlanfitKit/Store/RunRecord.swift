#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a run used the cache.
public enum CacheStatus: String, Sendable, CaseIterable, Codable {
    /// The answer came from the cache; the server was not contacted.
    case hit
    /// No cached answer; the server was asked and the answer stored.
    case miss
    /// `--no-cache`: neither read nor written.
    case bypass
    /// `--refresh`: recomputed and overwritten.
    case refresh
    /// The command does not use the cache (e.g. `check`), or failed before reaching it.
    case none
}

/// How a run ended.
public enum RunOutcome: String, Sendable, CaseIterable, Codable {
    case ok
    case failed
    case cancelled
    /// Started and not ended yet: the row written when a run starts (schema version 4).
    case running
    /// Never stored: a `running` row whose process no longer exists (killed, or the machine stopped),
    /// as the store reports it.
    case interrupted
}

/// One planfit invocation: the row of the `runs` table.
public struct RunRecord: Equatable, Sendable {
    /// Assigned by the store when the run is recorded; nil before.
    public var id: Int64?
    public var startedAt: Date
    /// nil asks the store to stamp its clock's time when recording.
    public var finishedAt: Date?
    public var command: String
    /// The command-line arguments after the program name.
    public var arguments: [String]
    /// Hex SHA-256 of the plan file's bytes, when the command read a plan.
    public var planDigest: String?
    /// Hex SHA-256 of the team profile's bytes, when the command read one.
    public var profileDigest: String?
    /// The cache key the run looked up, when it used the cache.
    public var cacheKey: String?
    public var cacheStatus: CacheStatus
    public var outcome: RunOutcome
    public var exitCode: Int32
    /// The error message shown to the user, for failed runs.
    public var error: String?
    /// Exactly what the run printed on stdout, so `planfit show` can reprint it byte for byte.
    public var output: String
    /// For refine, propose and fit: what `planfit apply` needs (`StoredAdaptation`, as JSON).
    public var adaptation: String?
    /// The process that runs it, while it runs (to tell a running run from an interrupted one).
    public var processID: Int32?
    /// The plan's absolute path (`-` for standard input), when the command read a plan.
    public var planPath: String?
    /// The team profile's path as given on the command line.
    public var teamPath: String?
    /// The model that answered (for `fit`, none).
    public var model: String?
    /// The verdict of the plan shown (`RefineOutcome.Verdict`'s raw value), when the run produced one.
    public var verdict: String?

    public init(
        id: Int64? = nil, startedAt: Date, finishedAt: Date? = nil, command: String, arguments: [String] = [],
        planDigest: String? = nil, profileDigest: String? = nil, cacheKey: String? = nil,
        cacheStatus: CacheStatus = .none, outcome: RunOutcome, exitCode: Int32 = 0, error: String? = nil,
        output: String = "", adaptation: String? = nil, processID: Int32? = nil,
        planPath: String? = nil, teamPath: String? = nil, model: String? = nil, verdict: String? = nil
    ) {
        self.planPath = planPath
        self.teamPath = teamPath
        self.model = model
        self.verdict = verdict
        self.adaptation = adaptation
        self.processID = processID
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.command = command
        self.arguments = arguments
        self.planDigest = planDigest
        self.profileDigest = profileDigest
        self.cacheKey = cacheKey
        self.cacheStatus = cacheStatus
        self.outcome = outcome
        self.exitCode = exitCode
        self.error = error
        self.output = output
    }
}

extension RunRecord {
    /// How a plan path is stored: absolute and standardised against `currentDirectory` (no `.` or `..`,
    /// symlinks kept as named), so `history --plan PATH` finds a run from any folder; `-` (standard
    /// input) stays `-`.
    public static func storedPlanPath(_ path: String, currentDirectory: String) -> String {
        guard path != "-" else { return path }
        if let plain = plainAbsolutePath(path, currentDirectory: currentDirectory) { return plain }
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }

    /// `storedPlanPath` without `URL`, for the paths where standardising changes nothing: the current
    /// folder (when the path is relative) and the path are plain names (ASCII letters, digits, spaces
    /// and `-_.+,=@`; not `.` or `..`) joined by single slashes, with no trailing slash. Nil for any
    /// other path, which `URL` handles. Every run records its plan path, and `URL`'s first use costs
    /// ~0.2 ms, most of what a cache hit does (`StoreReportTests` checks this against `URL`).
    static func plainAbsolutePath(_ path: String, currentDirectory: String) -> String? {
        func isPlain(_ text: String, absolute: Bool) -> Bool {
            var bytes = text.utf8[...]
            if absolute {
                guard bytes.first == UInt8(ascii: "/") else { return false }
                bytes = bytes.dropFirst()
            }
            // "/" alone (the root) would need a case of its own: rare enough to leave to `URL`.
            guard !bytes.isEmpty else { return false }
            for name in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
                guard !name.isEmpty, !name.elementsEqual(".".utf8), !name.elementsEqual("..".utf8) else { return false }
                for byte in name {
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                         UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: ","),
                         UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: " "):
                        continue
                    default:
                        return false
                    }
                }
            }
            return true
        }
        if path.hasPrefix("/") { return isPlain(path, absolute: true) ? path : nil }
        guard isPlain(currentDirectory, absolute: true), isPlain(path, absolute: false) else { return nil }
        return currentDirectory + "/" + path
    }
}
