import Foundation

/// `planfit history`: recent runs as an aligned table or as JSON.
public enum RunHistoryReport {
    /// One line per run, newest first, under a header; a sentence when there are none.
    public static func text(_ runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "No runs recorded yet.\n" }
        let header = ["ID", "STARTED (UTC)", "COMMAND", "CACHE", "OUTCOME", "EXIT", "PLAN"]
        let rows = runs.map { run in
            [
                run.id.map(String.init) ?? "-", displayTime(run.startedAt), run.command, run.cacheStatus.rawValue,
                run.outcome.rawValue, run.hasEnded ? String(run.exitCode) : "-", run.planDigest.map { String($0.prefix(8)) } ?? "-",
            ]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                // Numbers align right, text left; the last column needs no trailing padding.
                if column == 0 || column == 5 { return padding + cell }
                return column == cells.count - 1 ? cell : cell + padding
            }.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    /// A JSON array of runs, newest first, without their stored output (`planfit show` prints that).
    public static func json(_ runs: [RunRecord]) -> String {
        JSONValue.array(runs.map(jsonValue)).prettyText + "\n"
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
}
