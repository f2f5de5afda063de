import Dispatch

/// Runs `body` on the concurrency runtime's threads while the calling thread waits, and returns what it
/// returned or rethrows what it threw.
///
/// This is how a synchronous command hands the part of its work that needs Swift concurrency (a model
/// server, several plans at once) to the runtime: the runtime's threads start only then, so a command
/// that can finish without them (a cache hit) never pays for them. Call it from the main thread or
/// another thread of your own, never from a task: it blocks the thread it is called on, and a blocked
/// runtime thread can starve the task it waits for.
public func runAsyncAndWait<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
    let outcome = Outcome<Value>()
    Task {
        do { outcome.result = .success(try await body()) } catch { outcome.result = .failure(error) }
        outcome.done.signal()
    }
    outcome.done.wait()
    return try outcome.result!.get()
}

/// `@unchecked Sendable`: `result` is written once by the task before it signals `done`, and read by the
/// waiting thread only after `done`, so the semaphore orders the two.
private final class Outcome<Value>: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var result: Result<Value, any Error>?
}
