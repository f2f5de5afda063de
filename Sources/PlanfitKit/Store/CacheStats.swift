#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A summary of the store for `planfit cache stats`.
public struct CacheStats: Equatable, Sendable {
    /// Cached answers.
    public var entries: Int
    /// Recorded runs.
    public var runs: Int
    /// Runs that were answered from the cache.
    public var hits: Int
    /// Runs that found no cached answer and asked the server.
    public var misses: Int
    /// The database file plus its write-ahead log.
    public var bytesOnDisk: Int64
    /// When the oldest and newest cached answers were stored; nil when there are none.
    public var oldestEntry: Date?
    public var newestEntry: Date?

    public init(
        entries: Int, runs: Int, hits: Int, misses: Int, bytesOnDisk: Int64, oldestEntry: Date? = nil,
        newestEntry: Date? = nil
    ) {
        self.entries = entries
        self.runs = runs
        self.hits = hits
        self.misses = misses
        self.bytesOnDisk = bytesOnDisk
        self.oldestEntry = oldestEntry
        self.newestEntry = newestEntry
    }
}
