import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct ApplyCommand: Command {
    static let about = CommandAbout(
        name: "apply",
        abstract: "Build a plan from the original and only the changes you accept from a stored run.",
        discussion: """
            Takes a refine, propose or fit run from the history (`planfit history` lists them; `last` is the \
            latest) and rebuilds the plan from the run's original with only the chosen changes, task by \
            task: a chosen change replaces, removes or adds that one task line, and every change you do not \
            choose leaves the original's line as it was, so no task is lost by picking. The numbers are the \
            ones the run's report lists under "Changes".

            Without --accept, --reject or --interactive every change is applied. --interactive asks change \
            by change (y apply, n skip, a apply this and the rest, d skip this and the rest, q stop here), \
            showing the reason and the line before and after; answers are read from standard input, so a \
            script can pipe them.

            The plan goes to -o FILE, or to standard output; the rules' findings on it go to the other \
            stream (standard error when the plan is on standard output).

            Exit status: 0 when the plan has no error findings, 1 when it has some, 64 usage, 65 a stored \
            run planfit cannot read, 66 no such run or a run with no plan, 74 cache or file failure.
            """
    )

    var runID: String = ""
    var accept: String?
    var reject: String?
    var interactive = false
    var output: String?
    var cache = CacheOptions()
    var display = OutputOptions()
    var today: String?

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.runID, name: "run", help: "The run id from `planfit history`, or `last`."),
            .option(\.accept, name: "accept", valueName: "list", help: "Apply only these changes: numbers and ranges, e.g. 1,3,5-7."),
            .option(\.reject, name: "reject", valueName: "list", help: "Apply every change except these: numbers and ranges."),
            .flag(\.interactive, name: "interactive", help: "Ask change by change (y/n/a/d/q) on standard input."),
            .option(\.output, name: "output", short: "o", valueName: "file", help: "Write the plan to this file instead of standard output (- is standard output).", completion: .anyFile),
            .group(\.cache),
            .group(\.display),
            .option(\.today, name: "today", help: "Count the default horizon from this day instead of today (YYYY-MM-DD).", hidden: true),
        ]
    }

    func validate() throws {
        if [accept != nil, reject != nil, interactive].filter({ $0 }).count > 1 {
            throw ValidationError("--accept, --reject and --interactive each choose the changes; give one of them.")
        }
        if runID != "last" && Int64(runID) == nil { throw ValidationError("RUN must be a run id from `planfit history` or `last`, got '\(runID)'.") }
    }

    func run() throws {
        let hasErrors = try reportingErrors { () throws -> Bool in
            let (record, stored) = try cache.withStore { store -> (RunRecord, StoredAdaptation) in
                let commands = ["refine", "propose", "fit"]
                let record: RunRecord
                if runID == "last" {
                    guard let latest = try store.latestRun(commands: commands) else {
                        throw ApplyError(reason: "there is no refine, propose or fit run in \(store.path) yet; run one first")
                    }
                    record = latest
                } else {
                    guard let found = try store.run(id: Int64(runID)!) else { throw UnknownRunError(id: Int64(runID)!, path: store.path) }
                    record = found
                }
                guard commands.contains(record.command), let text = record.adaptation else {
                    throw ApplyError(reason: "run \(record.id ?? 0) (\(record.command)) has no adapted plan to apply; only refine, propose and fit runs that showed a plan have one")
                }
                guard let stored = StoredAdaptation.decode(text) else {
                    throw ApplyError(reason: "run \(record.id ?? 0)'s stored plan cannot be read; run the command again", status: .dataError)
                }
                return (record, stored)
            }
            let profile = try TeamProfileLoader(today: TodayOption.day(today)).parse(stored.profileText, file: stored.teamPath)
            let original = try PlanParser().parse(stored.originalText, file: stored.planPath)
            let adapted = try PlanParser().parse(stored.adaptedText, file: "adapted plan")
            let ledger = ChangeLedger(original: original, adapted: adapted, changes: stored.changes, profile: profile)
            let all = Set(ledger.entries.map(\.number))
            var chosen = all
            if let accept { chosen = try Self.numbers(accept, option: "--accept", valid: all) }
            if let reject { chosen = all.subtracting(try Self.numbers(reject, option: "--reject", valid: all)) }
            if interactive { chosen = ask(ledger) }
            let text = SelectiveApply(original: original, adapted: adapted, ledger: ledger).apply(numbers: chosen)
            let toFile = output != nil && output != "-"
            let result = RuleEngine(profile: profile).check(try PlanParser().parse(text, file: toFile ? output! : stored.planPath))
            let report = toFile ? Terminal.standardOutput : Terminal.standardError
            let summary = "planfit: applied \(chosen.count) of \(all.count) change\(all.count == 1 ? "" : "s") from run \(record.id ?? 0) (\(record.command) of \(stored.planPath))"
                + (chosen.isEmpty ? "" : ": \(chosen.sorted().map(String.init).joined(separator: ", "))") + "\n"
            if let output, output != "-" {
                try OutputGuard.refuseInputs(output, inputs: [stored.planPath, stored.teamPath])
                try AtomicFile.write(text, to: output)
                report.write(summary + "planfit: wrote the plan to \(output)\n\n")
            } else {
                Terminal.standardOutput.writeData(text)
                report.write(summary + "\n")
            }
            report.write(CheckReport(result: result, planPath: toFile ? output! : "the applied plan", profile: profile)
                .text(style: ANSIStyle(enabled: report.supportsColor())))
            return result.hasErrors
        }
        if hasErrors { throw ExitCode(ExitStatus.findingsFailed.rawValue) }
    }

    /// "1,3,5-7" -> {1, 3, 5, 6, 7}, every number one of the run's changes.
    static func numbers(_ list: String, option: String, valid: Set<Int>) throws -> Set<Int> {
        var out: Set<Int> = []
        let range = valid.isEmpty ? "the run has no changes" : "the run's changes are 1-\(valid.max()!)"
        for part in list.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmedWhitespace }) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ $0 != nil }), bounds.first!! <= bounds.last!! else {
                throw UsageError("\(option) \(list): '\(part)' is not a change number or range (e.g. 1,3,5-7)")
            }
            for n in bounds.first!!...min(bounds.last!!, bounds.first!! + 10_000) {
                guard valid.contains(n) else { throw UsageError("\(option) \(list): there is no change \(n); \(range)") }
                out.insert(n)
            }
        }
        return out
    }

    /// Asks about each change on stderr and reads the answers from stdin, like `git add -p`.
    func ask(_ ledger: ChangeLedger) -> Set<Int> {
        var chosen: Set<Int> = []
        let err = Terminal.standardError
        var rest: Bool?
        for entry in ledger.entries {
            if let rest {
                if rest { chosen.insert(entry.number) }
                continue
            }
            var prompt = "\nChange \(entry.number)/\(ledger.entries.count): \(entry.explanation?.kind ?? entry.kind.rawValue) '\(entry.title)'\n"
            if let old = entry.oldTask { prompt += "  - \(old.text.trimmedWhitespace)\n" }
            if let new = entry.newTask { prompt += "  + \(new.text.trimmedWhitespace)\n" }
            prompt += "  reason: \(entry.explanation?.reason ?? "none given (an unlisted change)")\n"
            while true {
                err.write(prompt + "Apply this change [y,n,a,d,q,?]? ")
                guard let line = readLine() else {
                    err.write("\nplanfit: no more answers on standard input; the remaining changes are not applied\n")
                    return chosen
                }
                switch line.trimmedWhitespace.lowercased() {
                case "y", "yes": chosen.insert(entry.number)
                case "n", "no": break
                case "a": chosen.insert(entry.number); rest = true
                case "d": rest = false
                case "q": return chosen
                default:
                    err.write("y - apply this change\nn - do not apply it\na - apply this and every later change\nd - apply neither this nor any later change\nq - stop; apply only what was chosen so far\n")
                    continue
                }
                break
            }
        }
        return chosen
    }
}

/// `planfit apply` cannot use the run it was given.
struct ApplyError: PlanfitError {
    var reason: String
    var status: ExitStatus = .noInput
    var exitStatus: ExitStatus { status }
    var description: String { reason }
}
