import Foundation
import PlanfitKit

/// Records each model-using run in the `runs` table so `history` and `show` can list and reprint it.
/// Recording is best effort: a run's result matters more than its history line.
struct RunHistoryRecorder {
    var cache: CacheOptions
    var command: String
    var arguments: [String]
    var startedAt: Date

    func record(planDigest: String?, profileDigest: String?, key: String?, status: CacheStatus, outcome: RunOutcome,
                exitCode: Int32, error errorText: String?, output: String, adaptation: String? = nil) {
        do {
            try cache.withStore { store in
                _ = try store.recordRun(RunRecord(startedAt: startedAt, command: command, arguments: arguments,
                                                  planDigest: planDigest, profileDigest: profileDigest, cacheKey: key,
                                                  cacheStatus: status, outcome: outcome, exitCode: exitCode, error: errorText,
                                                  output: output, adaptation: adaptation))
            }
        } catch {
            // A damaged cache already failed the run with this very message: say it once.
            if "\(error)" != errorText { Terminal.standardError.write("planfit: warning: could not record this run in the history: \(error)\n") }
        }
    }
}
