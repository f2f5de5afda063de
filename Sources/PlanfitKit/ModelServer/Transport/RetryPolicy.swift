#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How long planfit keeps trying when a server is busy (429), failing (500/502/503/504), unreachable for a
/// moment (a connection refused or reset before any response byte: a backend or router restarting) or
/// still loading its model (llama.cpp's 503 "Loading model"). Bounded: a broken server gives a clear
/// error, not an endless wait. Nothing is sent again once part of an answer has arrived (`RetryRules`).
/// `sleep` is injectable so tests do not wait.
public struct RetryPolicy: Sendable {
    /// Retries after a 429, a 5xx or a failed connection (the first attempt is not counted).
    public var maxRetries: Int
    /// First backoff delay in seconds; doubles each time up to `maxDelay`.
    public var baseDelay: Double
    public var maxDelay: Double
    /// Total seconds to wait for a server that is loading its model.
    public var loadingWait: Double
    /// Whether a connection refused or reset before any response byte is tried again. Off while
    /// discovering a server (nothing listening there means no server, and the usual ports are probed
    /// one after another); on once it has answered.
    public var retriesConnectionFailures: Bool
    public var sleep: @Sendable (Double) async throws -> Void

    public init(maxRetries: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 8, loadingWait: Double = 120,
                retriesConnectionFailures: Bool = true,
                sleep: @escaping @Sendable (Double) async throws -> Void = RetryPolicy.taskSleep) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.loadingWait = loadingWait
        self.retriesConnectionFailures = retriesConnectionFailures
        self.sleep = sleep
    }

    public static let standard = RetryPolicy()

    @Sendable public static func taskSleep(_ seconds: Double) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }

    func delay(afterAttempt attempt: Int) -> Double {
        min(maxDelay, baseDelay * Double(1 << min(30, max(0, attempt - 1))))
    }
}
