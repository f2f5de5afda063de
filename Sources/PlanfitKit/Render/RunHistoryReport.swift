#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `planfit history`: recent runs as an aligned table or as JSON.
public enum RunHistoryReport {
    /// One line per run, newest first, under a header; a sentence when there are none. Plan paths under
    /// `currentDirectory` are shown relative to it; the plan comes last because it is the longest.
    public static func text(_ runs: [RunRecord], currentDirectory: String? = nil) -> String {
        guard !runs.isEmpty else { return "No runs recorded yet.\n" }
        let header = ["ID", "STARTED (UTC)", "COMMAND", "VERDICT", "EXIT", "TIME", "CACHE", "MODEL", "TEAM", "PLAN"]
        let rows = runs.map { run in
            [
                run.id.map(String.init) ?? "-", displayTime(run.startedAt), run.command, verdictCell(run),
                run.hasEnded ? String(run.exitCode) : "-", run.duration.map(displayDuration) ?? "-", run.cacheStatus.rawValue,
                run.model ?? "-", run.teamPath ?? "-", run.planPath.map { displayPath($0, currentDirectory: currentDirectory) } ?? "-",
            ].map { TerminalText.sanitised($0) }
        }
        // Numbers align right, text left; the last column needs no trailing padding.
        let rightAligned: Set<Int> = [0, 4, 5]
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if rightAligned.contains(column) { return padding + cell }
                return column == cells.count - 1 ? cell : cell + padding
            }.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    /// The verdict of a run that ended well; otherwise how it ended (failed, cancelled, running, interrupted).
    static func verdictCell(_ run: RunRecord) -> String {
        run.outcome == .ok ? (run.verdict ?? "ok") : run.outcome.rawValue
    }

    /// `0.4s`, `12s`, `3m05s`, `1h02m`: short enough for a table column.
    static func displayDuration(_ seconds: Double) -> String {
        let seconds = max(0, seconds)
        if seconds < 10 { return printfFormat("%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return printfFormat("%dm%02ds", whole / 60, whole % 60) }
        return printfFormat("%dh%02dm", whole / 3600, whole % 3600 / 60)
    }

    /// A stored (absolute) plan path relative to `currentDirectory` when it lies inside it.
    static func displayPath(_ path: String, currentDirectory: String?) -> String {
        guard let directory = currentDirectory, path != "-" else { return path }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `{"format_version": 1, "runs": [...]}`: the runs newest first, without their stored output
    /// (`planfit show` prints that).
    public static func json(_ runs: [RunRecord]) -> String {
        JSONDocument.text(.object(["runs": .array(runs.map(jsonValue))]))
    }

    static func jsonValue(_ run: RunRecord) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        return .object([
            "id": run.id.map { .int(Int($0)) } ?? .null,
            "started_at": .string(StoreTimestamp.string(from: run.startedAt)),
            "finished_at": run.finishedAt.map { .string(StoreTimestamp.string(from: $0)) } ?? .null,
            "command": .string(run.command),
            "arguments": .array(run.arguments.map(JSONValue.string)),
            "plan_digest": optional(run.planDigest),
            "profile_digest": optional(run.profileDigest),
            "cache_key": optional(run.cacheKey),
            "cache_status": .string(run.cacheStatus.rawValue),
            "outcome": .string(run.outcome.rawValue),
            "exit_code": run.hasEnded ? .int(Int(run.exitCode)) : .null,
            "error": optional(run.error),
            "plan_path": optional(run.planPath),
            "team_path": optional(run.teamPath),
            "model": optional(run.model),
            "verdict": optional(run.verdict),
            "duration_seconds": run.duration.map { .double(($0 * 1000).rounded() / 1000) } ?? .null,
        ])
    }

    /// `2026-12-01 09:30:00`: the stored UTC time without milliseconds, for people.
    static func displayTime(_ date: Date) -> String {
        let stamp = StoreTimestamp.string(from: date)
        return stamp.prefix(10) + " " + stamp.dropFirst(11).prefix(8)
    }
}

extension RunRecord {
    /// False for a run still running or interrupted: it has no exit status to show.
    var hasEnded: Bool { outcome != .running && outcome != .interrupted }

    /// Seconds from start to end, for a run that has ended.
    var duration: Double? { hasEnded ? finishedAt.map { $0.timeIntervalSince(startedAt) } : nil }
}
