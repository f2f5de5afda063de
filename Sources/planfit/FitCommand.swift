import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct FitCommand: Command {
    static let about = CommandAbout(
        name: "fit",
        abstract: "Adapt a plan to the team with planfit's own planner (no model needed).",
        discussion: """
            Finds the fewest moves that fix what the rules find — reassign a task (from one owner or all), \
            add a co-owner, move a due date later, defer a task past the horizon — and applies them to the \
            Markdown, rewriting only the owners or due date of the changed task lines; every other byte is \
            kept. It never changes an estimate, invents a member or removes a task, and a member only \
            receives work they have the skills for, their role allows, and their hours (time off counted), \
            due dates and WIP limit leave room for.

            Moves are chosen in this order: fewest error findings left, fewest warnings, fewest tasks \
            changed, fewest due-date moves and deferrals (the leader must agree to those), most even load. \
            The search is exact (no plan scores better) for plans of up to 40 tasks and 10 members; larger \
            plans get a greedy search, and the report says which. Errors no move can fix (a skill nobody \
            has, more work than the team has hours) come back as open questions with what would fix them.

            The report has the shape of refine's: findings before -> after, load per member before -> \
            after, each change with the facts behind it, task and line diffs. `planfit apply last` takes a \
            subset of the changes.

            Exit status: 0 when no error finding is left, 1 when some are, 64 usage, 65 a plan or profile \
            planfit cannot read, 66 a missing file, 74 a file that cannot be written.
            """
    )

    var plan: String = ""
    var team: String = ""
    var output: String?
    var format: AdaptationReport.Format = .text
    var word = false
    var cache = CacheOptions()
    var display = OutputOptions()
    var today: String?

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.plan, name: "plan", help: "The plan, a Markdown file; - reads it from standard input.", completion: .anyFile),
            .option(\.team, name: "team", short: "t", valueName: "file", help: "The team profile, a YAML or JSON file.", required: true, completion: .file(extensions: ["yaml", "yml", "json"])),
            .option(\.output, name: "output", short: "o", valueName: "file", help: "Write the adapted plan to this file (never over the plan or profile); - is standard output (the report then goes to standard error).", completion: .anyFile),
            .option(\.format, name: "format", help: "Output format: text, markdown (for people; tool details collapsed at the end), json, patch (a unified diff of the plan), or html (one self-contained page: load bars, changes, the plans side by side; no network, no script)."),
            .flag(\.word, name: "word", help: "Highlight changed words in the line diff (text format)."),
            .group(\.cache),
            .group(\.display),
            .option(\.today, name: "today", help: "Count the default horizon from this day instead of today (YYYY-MM-DD).", hidden: true),
        ]
    }

    func validate() throws {
        if word && format != .text { throw ValidationError("--word applies to the text format only.") }
        if format == .note { throw ValidationError("--format note is for propose, which writes a note to the plan's author.") }
    }

    func run() throws {
        let started = Date()
        let recorder = RunHistoryRecorder(cache: RunCache(options: cache), command: "fit", arguments: Array(CommandLine.arguments.dropFirst()), startedAt: started,
                                          plan: plan, team: team)
        let errorsLeft = try reportingErrors { () throws -> Bool in
            let files = try PlanAndTeamFiles.read(plan: plan, team: team)
            let profile = try files.team.profile(today: TodayOption.day(today))
            let planText = files.plan.text
            let parsed = try files.plan.plan()
            try OutputGuard.refuseInputs(output, inputs: [plan, team])
            let planner = Planner().plan(parsed, profile: profile)
            let result = try GroundedResult.fit(planPath: plan, originalText: planText, original: parsed, profile: profile, planner: planner)
            let report = AdaptationReport(result: result)
            // With `-o -` the plan takes standard output and the report moves to standard error.
            let reportStream = output == "-" ? Terminal.standardError : Terminal.standardOutput
            if let output { try PlanOutput.write(report.adaptedText, to: output) }
            let text = report.document(format, style: ANSIStyle(enabled: reportStream.supportsColor()), wordDiff: word)
            if [.json, .patch, .html].contains(format) { reportStream.writeData(text) } else { reportStream.write(text) }
            let left = result.shown.errorCount > 0
            recorder.record(planDigest: files.plan.digest, profileDigest: files.team.digest, key: nil,
                            status: .none, outcome: .ok, exitCode: left ? ExitStatus.findingsFailed.rawValue : 0, error: nil,
                            output: text, adaptation: StoredAdaptation(result: result, teamPath: team, profileText: files.team.text).encoded(),
                            verdict: result.verdict.rawValue)
            return left
        }
        if errorsLeft { throw ExitCode(ExitStatus.findingsFailed.rawValue) }
    }
}

/// `-o` must never overwrite the plan or the profile a command reads.
enum OutputGuard {
    static func refuseInputs(_ output: String?, inputs: [String]) throws {
        guard let output, output != "-" else { return }
        let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
            throw UsageError("-o \(output) is one of the inputs; planfit never modifies your plan or profile. Write to a new file.")
        }
    }
}

/// Where `-o` sends an adapted plan: a file (atomically, or through a symlink, FIFO or device), or
/// standard output for `-`.
enum PlanOutput {
    static func write(_ text: String, to path: String) throws {
        if path == "-" {
            Terminal.standardOutput.writeData(text)
            return
        }
        try AtomicFile.write(text, to: path)
        if Verbosity.current != .quiet { Terminal.standardError.write("planfit: wrote the adapted plan to \(path)\n") }
    }
}

