import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PlanfitKit

struct CacheClearCommand: Command {
    static let about = CommandAbout(
        name: "clear",
        abstract: "Remove every cached answer and run.",
        discussion: """
            Also the way out when the cache file is corrupt: a damaged database is replaced with an empty \
            one, and a file that is not a database at all is moved aside, not deleted. On a terminal it asks \
            first; --yes skips the question, and without a terminal --yes is required.
            """)
    var yes = false
    var cache = CacheOptions()

    static var declarations: [Declaration<Self>] {
        [
            .flag(\.yes, name: "yes", short: "y", help: "Clear without asking (required when standard input is not a terminal)."),
            .group(\.cache),
        ]
    }

    func run() throws {
        try reportingErrors {
            let path = cache.location.path
            if !yes, try !confirm(path) { return }
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

    /// Clearing throws away cached answers (model time) and the whole history, so it is asked for on a
    /// terminal; a script must say --yes, because a question it cannot answer would hang or guess.
    func confirm(_ path: String) throws -> Bool {
        guard isatty(0) == 1 else {
            throw UsageError("planfit cache clear: not clearing \(path) without confirmation: standard input is not a terminal; pass --yes to clear it")
        }
        Terminal.standardError.write("Remove every cached answer and run history in \(path)? [y/N] ")
        let answer = readLine(strippingNewline: true)?.trimmedWhitespace.lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            Terminal.standardError.write("planfit: nothing cleared\n")
            return false
        }
        return true
    }
}
