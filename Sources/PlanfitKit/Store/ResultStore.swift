import Foundation

/// Where planfit keeps cached model answers and the history of its runs.
///
/// The SQLite implementation is `SQLiteResultStore`; tests of the pipeline can inject their own.
public protocol ResultStore {
    /// The cached answer for a request key, or nil on a miss.
    func lookup(key: String) throws -> CachedAnswer?
    /// Stores an answer, replacing any answer with the same key, in one transaction.
    func save(_ answer: CachedAnswer) throws
    /// Records one invocation and returns its run id.
    func recordRun(_ run: RunRecord) throws -> Int64
    /// The most recently recorded runs, newest first.
    func recentRuns(limit: Int, planPath: String?) throws -> [RunRecord]
    func run(id: Int64) throws -> RunRecord?
    func stats() throws -> CacheStats
    /// Removes cached answers stored, and runs started, before `date`; returns how many rows it removed
    /// from both together.
    func prune(olderThan date: Date) throws -> Int
    /// Removes every cached answer and run.
    func clear() throws
}
