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
            if opened == nil { opened = Result { try Self.open(options) } }
            return try opened!.get()
        }
    }

    /// `options.withStore { $0 }`, except that the default location (no `--cache`) is resolved from
    /// `ProcessEnvironment` rather than `ProcessInfo`, whose set-up and copy of the environment cost a
    /// cache hit ~0.1 ms. The store is opened and its warnings printed as `CacheOptions` does.
    static func open(_ options: CacheOptions) throws -> SQLiteResultStore {
        guard options.path == nil else { return try options.withStore { $0 } }
        let store = try SQLiteResultStore(path: CacheLocation.resolve(variable: ProcessEnvironment.value).path)
        store.onWarning = { Terminal.standardError.write("planfit: warning: \($0)\n") }
        for warning in store.openingWarnings { store.onWarning(warning) }
        return store
    }
}
