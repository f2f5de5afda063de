import ArgumentParser
import PlanfitKit

struct CacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show the cache's size, entries and hit counts.")

    @Option(help: "text or json.")
    var format = SummaryFormat.text

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try reportingErrors {
            let (stats, path) = try cache.withStore { (try $0.stats(), $0.path) }
            if format == .json {
                Terminal.standardOutput.writeVerbatim(CacheStatsReport.json(stats, path: path))
            } else {
                Terminal.standardOutput.write(CacheStatsReport.text(stats, path: path))
            }
        }
    }
}
