import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct CacheStatsCommand: Command {
    static let about = CommandAbout(
        name: "stats", abstract: "Show the cache's size, entries and hit counts.",
        discussion: "A cache file that does not exist is reported (exit 66), never created.")
    var format = SummaryFormat.text
    var cache = CacheOptions()

    static var declarations: [Declaration<Self>] {
        [
            .option(\.format, name: "format", help: "text or json."),
            .group(\.cache),
        ]
    }

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
