import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List recent runs, newest first.",
        discussion: """
            Each run shows when it started (UTC), the command, the verdict of the plan it showed (or how it \
            ended: failed, cancelled, running, interrupted), its exit status, how long it took, how it used the \
            cache, the model, the team profile and the plan (relative to this folder when inside it). \
            `planfit show ID` reprints a run's output. A missing cache file is not created: there are no runs.
            """)

    @Option(help: "How many runs to list.")
    var limit = 20

    @Option(help: ArgumentHelp("Only the runs of this plan file (runs recorded before planfit stored plan paths are not found).",
                               valueName: "path"),
            completion: .file())
    var plan: String?

    @Option(help: "text or json.")
    var format = SummaryFormat.text

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number of runs") }
    }

    func run() throws {
        try reportingErrors {
            let directory = FileManager.default.currentDirectoryPath
            let planPath = plan.map { RunRecord.storedPlanPath($0, currentDirectory: directory) }
            // Listing runs must not create a cache: a missing file simply holds no runs.
            let runs = FileManager.default.fileExists(atPath: cache.location.path)
                ? try cache.withStore { try $0.recentRuns(limit: limit, planPath: planPath) } : []
            if format == .json {
                Terminal.standardOutput.writeVerbatim(RunHistoryReport.json(runs))
            } else {
                Terminal.standardOutput.write(RunHistoryReport.text(runs, currentDirectory: directory))
            }
        }
    }
}
