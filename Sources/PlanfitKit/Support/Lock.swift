#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutual-exclusion lock over a pthread mutex: what `NSLock` was, without linking the whole of
/// Foundation (FoundationEssentials has no public lock, and Foundation brings ICU, ~30 MB, into the
/// binary and its start-up). Types that hold one and mark themselves `@unchecked Sendable` guard every
/// mutable stored property with it.
public final class Lock: @unchecked Sendable {
    fileprivate let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// - Parameter recursive: whether the thread holding the lock may take it again (the SQLite
    ///   connection's lock is recursive: a transaction calls the statement methods it wraps).
    public init(recursive: Bool = false) {
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        if recursive { pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE)) }
        let status = pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        precondition(status == 0, "pthread_mutex_init failed (\(status))")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(mutex) }
    public func unlock() { pthread_mutex_unlock(mutex) }

    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// A lock with a condition to wait on: what `NSCondition` was (see `Lock` for why not Foundation's).
public final class Condition: @unchecked Sendable {
    private let lockValue = Lock()
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    public init() {
        condition = .allocate(capacity: 1)
        let status = pthread_cond_init(condition, nil)
        precondition(status == 0, "pthread_cond_init failed (\(status))")
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    public func lock() { lockValue.lock() }
    public func unlock() { lockValue.unlock() }
    public func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits (the lock held) until broadcast or `seconds` pass; spurious wake-ups are the caller's to
    /// handle, as with any condition variable.
    public func wait(seconds: Double) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = Int(now.tv_nsec) + Int(max(0, seconds) * 1_000_000_000)
        var deadline = timespec(tv_sec: now.tv_sec + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        _ = pthread_cond_timedwait(condition, lockValue.mutex, &deadline)
    }
}
