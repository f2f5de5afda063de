#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `planfit cache stats`: the store's summary as text or JSON.
public enum CacheStatsReport {
    public static func text(_ stats: CacheStats, path: String) -> String {
        var answers = "\(stats.entries)"
        if let oldest = stats.oldestEntry, let newest = stats.newestEntry {
            answers += " (oldest \(RunHistoryReport.displayTime(oldest)) UTC, newest "
                + "\(RunHistoryReport.displayTime(newest)) UTC)"
        }
        return """
            path     \(path)
            size     \(byteCount(stats.bytesOnDisk))
            answers  \(answers)
            runs     \(stats.runs) (\(stats.hits) cache \(stats.hits == 1 ? "hit" : "hits"), \(stats.misses) \
            \(stats.misses == 1 ? "miss" : "misses"))

            """
    }

    public static func json(_ stats: CacheStats, path: String) -> String {
        func time(_ date: Date?) -> JSONValue { date.map { .string(StoreTimestamp.string(from: $0)) } ?? .null }
        return JSONDocument.text(.object([
            "path": .string(path),
            "bytes_on_disk": .int(Int(stats.bytesOnDisk)),
            "entries": .int(stats.entries),
            "runs": .int(stats.runs),
            "hits": .int(stats.hits),
            "misses": .int(stats.misses),
            "oldest_entry": time(stats.oldestEntry),
            "newest_entry": time(stats.newestEntry),
        ]))
    }

    /// `4096 bytes`, `12.5 KiB (12800 bytes)`, `3.2 MiB (3355443 bytes)`.
    static func byteCount(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) \(bytes == 1 ? "byte" : "bytes")" }
        var value = Double(bytes)
        var unit = -1
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return printfFormat("%.1f", value) + " \(units[unit]) (\(bytes) bytes)"
    }
}
