import ArgumentParser
import PlanfitKit

struct CacheClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Remove every cached answer and run.",
        discussion: """
            Also the way out when the cache file is corrupt: a damaged database is replaced with an empty \
            one, and a file that is not a database at all is moved aside, not deleted.
            """)

    @OptionGroup var cache: CacheOptions

    func run() throws {
        try reportingErrors {
            let path = cache.location.path
            let message: String
            switch try SQLiteResultStore.clear(at: path) {
            case .emptied(let answers, let runs):
                message = "Emptied \(path): removed \(answers) cached \(answers == 1 ? "answer" : "answers") "
                    + "and \(runs) \(runs == 1 ? "run" : "runs")."
            case .recreated(let reason):
                message = "\(path) was damaged (\(reason)); replaced it with an empty cache."
            case .replaced(let movedTo, let reason):
                message = "\(path) was not an SQLite database (\(reason)); moved it to \(movedTo) and created "
                    + "an empty cache."
            }
            Terminal.standardOutput.write(message + "\n")
        }
    }
}
