import PlanfitKit

/// The cache file of one command run, opened at most once and shared by everything the run does with it:
/// answering from the cache, storing the answer and recording the run in the history. (Each of those
/// used to open the file itself: three opens per refine, each checking the schema and checkpointing the
/// WAL on close, and one per plan in a batch.) An open that fails fails the same way for every user,
/// so the run reports the error once.
final class RunCache: @unchecked Sendable {
    let options: CacheOptions
    /// False for a run that must not touch the cache at all (a `--replay` with no cache named).
    let enabled: Bool
    /// Guarded by `lock`: the run's tasks may ask from any thread.
    private var opened: Result<SQLiteResultStore, any Error>?
    private let lock = Lock()

    init(options: CacheOptions, enabled: Bool = true) {
        self.options = options
        self.enabled = enabled
    }

    /// The open store; nil when the run does not use the cache. Rethrows the first open's error.
    func store() throws -> SQLiteResultStore? {
        guard enabled else { return nil }
        return try lock.withLock {
            if opened == nil { opened = Result { try options.withStore { $0 } } }
            return try opened!.get()
        }
    }

    /// Closes the store, if it was opened, as the run ends: closing folds the WAL back into the file
    /// (see docs/cache-schema.md), and that must happen before the process exits. Left to the last
    /// release it could be too late: a finished task of the concurrency runtime may still hold the
    /// store for a moment after the main thread went on to exit.
    func close() {
        lock.withLock {
            if case .success(let store)? = opened { store.close() }
        }
    }
}
