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

/// Progress on stderr: a live character count on a terminal, one line per round otherwise.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = Lock()
    /// Redrawn in place only on a terminal: forced colour (FORCE_COLOR, --color always) in a log file
    /// must not fill it with cursor controls.
    private let live = Terminal.standardError.supportsColor() && isatty(2) == 1
    private var lastDraw = Date.distantPast
    private var model = "the model"

    func connected(_ client: ModelClient) {
        lock.lock(); defer { lock.unlock() }
        model = "\(client.model) at \(client.serverURL.absoluteString)"
    }

    func handle(_ event: RefineEvent) {
        guard Verbosity.current != .quiet else { return }
        lock.lock(); defer { lock.unlock() }
        switch event {
        case .roundStarted(let number, let total):
            let label = number == 1 ? "asking \(model)" : "repair round \(number - 1) of \(total - 1)"
            Terminal.standardError.write("planfit: \(label)\(live ? "" : "\n")")
        case .textReceived(let characters):
            guard live, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
            lastDraw = Date()
            Terminal.standardError.clearLine()
            Terminal.standardError.write("planfit: receiving the answer: \(characters) characters")
        case .roundFinished(let round):
            let verdict = round.problems.isEmpty ? "accepted" : "\(round.problems.count) problem\(round.problems.count == 1 ? "" : "s") to repair"
            if live { Terminal.standardError.clearLine() }
            Terminal.standardError.write("planfit: round \(round.number): \(verdict)\n")
        }
    }

    func finish(_ status: CacheStatus, key: String) {
        if status == .hit, Verbosity.current != .quiet {
            Terminal.standardError.write("planfit: answered from the cache (key \(key.prefix(12)))\n")
        }
    }
}
