#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// Records each model-using run in the `runs` table so `history` and `show` can list and reprint it.
/// `start` writes a `running` row before the run waits on something (its standard input, parsing and
/// the planner, the model server), so a run killed there (SIGKILL, a power cut) still shows in
/// `history`, as interrupted; `record` completes that row, or, when `start` was not called (a run that
/// waited on nothing, such as a repeat reprinting its stored report, or a batch's plan, recorded as it
/// ends), appends the whole row to the cache's run journal, which costs no disk sync
/// (`SQLiteResultStore.journalRun`).
/// Recording is best effort: a run's result matters more than its history line.
final class RunHistoryRecorder: @unchecked Sendable {
    /// The run's cache, opened once and shared with the rest of the run; a cache that is not `enabled`
    /// (a `--replay` with no cache named) leaves no history.
    let cache: RunCache
    let command: String
    let arguments: [String]
    let startedAt: Date
    /// The `running` row's id: set by `start`, read by `record`, guarded by `lock` (the class is shared
    /// with the run's tasks, hence `@unchecked Sendable`).
    private var runID: Int64? {
        get { lock.withLock { storedRunID } }
        set { lock.withLock { storedRunID = newValue } }
    }
    private var storedRunID: Int64?
    private let lock = Lock()

    /// The plan as stored (absolute, see `RunRecord.storedPlanPath`) and the team as given.
    let planPath: String?
    let teamPath: String?

    init(cache: RunCache, command: String, arguments: [String], startedAt: Date,
         plan: String? = nil, team: String? = nil) {
        self.cache = cache
        self.planPath = plan.map { RunRecord.storedPlanPath($0, currentDirectory: ProcessEnvironment.currentDirectory()) }
        self.teamPath = team
        self.command = command
        self.arguments = arguments
        self.startedAt = startedAt
    }

    /// Writes the `running` row; a second call does nothing. A cache that cannot be opened is left to
    /// the run to report.
    func start() {
        guard runID == nil, let store = try? cache.store(), !store.isReadOnly else { return }
        runID = try? store.startRun(RunRecord(startedAt: startedAt, command: command, arguments: arguments, outcome: .running,
                                              planPath: planPath, teamPath: teamPath))
    }

    /// Whether reading or writing these paths may block for as long as another process likes: standard
    /// input (`-`), a FIFO, a device or a socket. One `stat` each.
    static func mayWaitOn(_ paths: [String]) -> Bool {
        paths.contains { $0 == "-" || FileKind.of($0) == .other }
    }

    func record(planDigest: String?, profileDigest: String?, key: String?, status: CacheStatus, outcome: RunOutcome,
                exitCode: Int32, error errorText: String?, output: String, adaptation: String? = nil,
                model: String? = nil, verdict: String? = nil) {
        do {
            guard let store = try cache.store() else { return }
            guard !store.isReadOnly else {
                Terminal.standardError.write("planfit: warning: the cache \(store.path) is read-only: this run is not recorded in the history\n")
                return
            }
            let run = RunRecord(startedAt: startedAt, command: command, arguments: arguments,
                                planDigest: planDigest, profileDigest: profileDigest, cacheKey: key,
                                cacheStatus: status, outcome: outcome, exitCode: exitCode, error: errorText,
                                output: output, adaptation: adaptation, planPath: planPath, teamPath: teamPath,
                                model: model, verdict: verdict)
            if let runID {
                try store.completeRun(id: runID, run)
            } else {
                try store.journalRun(run)
            }
        } catch {
            // A damaged cache already failed the run with this very message: say it once.
            if "\(error)" != errorText { Terminal.standardError.write("planfit: warning: could not record this run in the history: \(error)\n") }
        }
    }
}
