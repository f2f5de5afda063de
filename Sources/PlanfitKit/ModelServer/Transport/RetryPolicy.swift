#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How long planfit keeps trying when a server is busy (429), failing (502/503/504) or still
/// loading its model (llama.cpp's 503 "Loading model"). Bounded: a broken server gives a clear
/// error, not an endless wait. `sleep` is injectable so tests do not wait.
public struct RetryPolicy: Sendable {
    /// Retries after a 429 or 5xx (the first attempt is not counted).
    public var maxRetries: Int
    /// First backoff delay in seconds; doubles each time up to `maxDelay`.
    public var baseDelay: Double
    public var maxDelay: Double
    /// Total seconds to wait for a server that is loading its model.
    public var loadingWait: Double
    public var sleep: @Sendable (Double) async throws -> Void

    public init(maxRetries: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 8, loadingWait: Double = 120,
                sleep: @escaping @Sendable (Double) async throws -> Void = RetryPolicy.taskSleep) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.loadingWait = loadingWait
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
