import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct CacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show the cache's size, entries and hit counts.",
        discussion: "A cache file that does not exist is reported (exit 66), never created.")

    @Option(help: "text or json.")
    var format = SummaryFormat.text

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try reportingErrors {
            let location = cache.location.path
            guard FileManager.default.fileExists(atPath: location) else { throw MissingCacheError(path: location) }
            let (stats, path) = try cache.withStore { (try $0.stats(), $0.path) }
            if format == .json {
                Terminal.standardOutput.writeVerbatim(CacheStatsReport.json(stats, path: path))
            } else {
                Terminal.standardOutput.write(CacheStatsReport.text(stats, path: path))
            }
        }
    }
}
