import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct CachePruneCommand: Command {
    static let about = CommandAbout(
        name: "prune", abstract: "Remove cached answers and runs older than a given age.")
    /// Always set: the option is required, so this placeholder never reaches `run`.
    var olderThan = CacheAge(count: 1, unit: .days)
    var cache = CacheOptions()

    static var declarations: [Declaration<Self>] {
        [
            .option(\.olderThan, name: "older-than", valueName: "duration", help: "An age: a whole number and m, h, d or w, e.g. 90m, 12h, 30d, 2w.", required: true, parse: { try CacheAge(parsing: $0) }),
            .group(\.cache),
        ]
    }

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
