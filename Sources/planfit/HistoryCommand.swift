import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct HistoryCommand: Command {
    static let about = CommandAbout(
        name: "history",
        abstract: "List recent runs, newest first.",
        discussion: """
            Each run shows when it started (UTC), the command, the verdict of the plan it showed (or how it \
            ended: failed, cancelled, running, interrupted), its exit status, how long it took, how it used the \
            cache, the model, the team profile and the plan (relative to this folder when inside it). \
            `planfit show ID` reprints a run's output. A missing cache file is not created: there are no runs.
            """)
    var limit = 20
    var plan: String?
    var format = SummaryFormat.text
    var cache = CacheOptions()

    static var declarations: [Declaration<Self>] {
        [
            .option(\.limit, name: "limit", help: "How many runs to list."),
            .option(\.plan, name: "plan", valueName: "path", help: "Only the runs of this plan file (runs recorded before planfit stored plan paths are not found).", completion: .anyFile),
            .option(\.format, name: "format", help: "text or json."),
            .group(\.cache),
        ]
    }

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
