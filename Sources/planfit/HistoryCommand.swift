import ArgumentParser
import PlanfitKit

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List recent runs, newest first.",
        discussion: "`planfit show ID` reprints a run's output.")

    @Option(help: "How many runs to list.")
    var limit = 20

    @Option(help: "text or json.")
    var format = SummaryFormat.text

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number of runs") }
    }

    func run() throws {
        try reportingErrors {
            let runs = try cache.withStore { try $0.recentRuns(limit: limit) }
            if format == .json {
                Terminal.standardOutput.writeVerbatim(RunHistoryReport.json(runs))
            } else {
                Terminal.standardOutput.write(RunHistoryReport.text(runs))
            }
        }
    }
}
