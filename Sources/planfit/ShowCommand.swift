import ArgumentParser
import PlanfitKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Reprint a recorded run's output exactly as it was printed.",
        discussion: """
            `planfit history` lists the run ids; `last` is the latest run. A run that failed printed \
            nothing: show prints its stored error on standard error and exits with the run's exit code.
            """)

    @Argument(help: ArgumentHelp("The run id, or last.", valueName: "run"))
    var runID: String

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        if runID != "last" && Int64(runID) == nil { throw ValidationError("RUN must be a run id from `planfit history` or `last`, got '\(runID)'.") }
    }

    func run() throws {
        let record = try reportingErrors {
            try cache.withStore { store -> RunRecord in
                if runID == "last" {
                    guard let latest = try store.recentRuns(limit: 1).first else {
                        throw UnknownRunError(id: 0, path: store.path)
                    }
                    return latest
                }
                guard let record = try store.run(id: Int64(runID)!) else { throw UnknownRunError(id: Int64(runID)!, path: store.path) }
                return record
            }
        }
        Terminal.standardOutput.write(record.output)
        if record.outcome != .ok, let error = record.error {
            Terminal.standardError.write("planfit: run \(record.id ?? 0) failed: \(error)\n")
        }
        if record.exitCode != 0 { throw ExitCode(record.exitCode) }
    }
}
