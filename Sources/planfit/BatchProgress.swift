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

/// The batch's progress line on stderr ("batch: 5/16 done, 1 failed"), redrawn in place on a terminal
/// and one line per finished plan otherwise; and each finished plan recorded in the run history.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
final class BatchProgress: @unchecked Sendable {
    private let lock = Lock()
    /// Redrawn in place only on a terminal: forced colour (FORCE_COLOR, --color always) in a log file
    /// must not fill it with cursor controls.
    private let live = Terminal.standardError.supportsColor() && isatty(2) == 1
    private let total: Int
    private let history: BatchHistory
    private var drawn = false
    /// The model the server answered with, once connected: what history records for each plan.
    private var connectedModel: String?

    init(total: Int, history: BatchHistory) {
        self.total = total
        self.history = history
    }

    func started(outputDirectory: String) {
        guard Verbosity.current != .quiet else { return }
        Terminal.standardError.write("batch: \(total) plan\(total == 1 ? "" : "s"), writing to \(outputDirectory)\n")
    }

    func handle(_ event: BatchEvent) {
        lock.lock(); defer { lock.unlock() }
        switch event {
        case .connected(let model, let jobs):
            connectedModel = model.model
            guard Verbosity.current != .quiet else { return }
            clearLine()
            Terminal.standardError.write("batch: \(model.model) at \(model.server), \(jobs) plan\(jobs == 1 ? "" : "s") at once\n")
        case .planFinished(let result, let done, let failed, let total):
            history.record(result, model: connectedModel)
            guard Verbosity.current != .quiet else { return }
            let line = "batch: \(done)/\(total) done, \(failed) failed"
            if live {
                Terminal.standardError.clearLine()
                Terminal.standardError.write(line)
                drawn = true
            } else {
                Terminal.standardError.write(line + "\n")
            }
        }
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { Terminal.standardError.write("\n") }
        drawn = false
    }

    private func clearLine() {
        if drawn { Terminal.standardError.clearLine() }
    }
}

/// Records each plan of a batch as its own run, so `planfit history` lists it and `planfit show`
/// reprints its report. The recorded arguments are the batch's, with PLANS narrowed to this plan.
struct BatchHistory: Sendable {
    /// The batch's cache, opened once for every plan (not enabled when the batch replays cassettes with
    /// no cache named: then it records no history).
    var cache: RunCache
    var arguments: [String]
    var plans: [String]
    var profileDigest: String?
    var team: String? = nil
    /// The model named by flag, environment or config (nil when the server's only model was taken).
    var model: String? = nil

    func record(_ result: BatchPlanResult, model connected: String? = nil) {
        let model = connected ?? self.model
        var options = Array(arguments.dropFirst())
        for plan in plans {
            if let index = options.firstIndex(of: plan) { options.remove(at: index) }
        }
        let recorder = RunHistoryRecorder(cache: cache, command: "batch", arguments: ["batch", result.plan.path] + options,
                                          startedAt: Date(timeIntervalSinceNow: -result.seconds),
                                          plan: result.plan.path, team: team)
        switch result.outcome {
        case .succeeded(let s):
            recorder.record(planDigest: result.planDigest, profileDigest: profileDigest, key: s.cacheKey, status: s.cacheStatus,
                            outcome: .ok, exitCode: 0, error: nil, output: s.report, model: model, verdict: s.verdict.rawValue)
        case .failed(let f):
            recorder.record(planDigest: result.planDigest, profileDigest: profileDigest, key: nil, status: .none,
                            outcome: f.cancelled ? .cancelled : .failed, exitCode: f.exitStatus, error: f.message, output: "")
        }
    }
}
