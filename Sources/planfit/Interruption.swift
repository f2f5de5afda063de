import ArgumentKit
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PlanfitKit

/// Runs `body` in a task that Ctrl-C cancels: the request in flight is cancelled (its connection
/// closed) and planfit exits 130. A second Ctrl-C exits at once.
func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let task = Task { try await body() }
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    let interrupted = InterruptFlag()
    source.setEventHandler {
        if interrupted.setAndReturnPrevious() { _exit(130) }
        Terminal.standardError.write("\nplanfit: interrupted, cancelling the request\n")
        task.cancel()
    }
    source.resume()
    defer {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
    do {
        return try await task.value
    } catch {
        if interrupted.isSet || error is CancellationError { throw ExitCode(130) }
        throw error
    }
}

/// Set by the SIGINT handler's task, read by the run.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
private final class InterruptFlag: @unchecked Sendable {
    private let lock = Lock()
    private var value = false

    func setAndReturnPrevious() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let previous = value
        value = true
        return previous
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
