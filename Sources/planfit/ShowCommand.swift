import ArgumentParser
import PlanfitKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Reprint a recorded run's output exactly as it was printed.",
        discussion: "`planfit history` lists the run ids.")

    @Argument(help: ArgumentHelp("The run id.", valueName: "run"))
    var runID: Int64

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try reportingErrors {
            let output = try cache.withStore { store in
                guard let record = try store.run(id: runID) else { throw UnknownRunError(id: runID, path: store.path) }
                return record.output
            }
            Terminal.standardOutput.write(output)
        }
    }
}
