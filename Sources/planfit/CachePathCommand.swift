import ArgumentKit
import PlanfitKit

struct CachePathCommand: Command {
    static let about = CommandAbout(
        name: "path", abstract: "Print where the cache database is (without creating it).")
    var cache = CacheOptions()

    static var declarations: [Declaration<Self>] {
        [
            .group(\.cache),
        ]
    }

    func run() {
        Terminal.standardOutput.write(cache.location.path + "\n")
    }
}
