import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct CachePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Remove cached answers and runs older than a given age.")

    @Option(
        name: .customLong("older-than"),
        help: ArgumentHelp("An age: a whole number and m, h, d or w, e.g. 90m, 12h, 30d, 2w.", valueName: "duration"),
        transform: { try CacheAge(parsing: $0) })
    var olderThan: CacheAge

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try reportingErrors {
            let cutoff = olderThan.cutoff(before: Date())
            let (removed, path) = try cache.withStore { (try $0.removeEntries(olderThan: cutoff), $0.path) }
            Terminal.standardOutput.write(
                "Removed \(removed.answers) cached \(removed.answers == 1 ? "answer" : "answers") and "
                    + "\(removed.runs) \(removed.runs == 1 ? "run" : "runs") older than \(olderThan) from "
                    + "\(path).\n")
        }
    }
}
