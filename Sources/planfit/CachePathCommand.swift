import ArgumentParser
import PlanfitKit

struct CachePathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Print where the cache database is (without creating it).")

    @OptionGroup var cache: CacheOptions

    func run() {
        Terminal.standardOutput.write(cache.location.path + "\n")
    }
}
