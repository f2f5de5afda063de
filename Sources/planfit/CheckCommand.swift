import ArgumentParser
import PlanfitKit

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a plan against a team profile with deterministic rules (no model needed).",
        discussion: """
            Rules: unknown-owner, missing-skill, overload, deadline, role-boundary (errors); skill-gap,
            wip-limit, unassigned (warnings); no-estimate, single-expert (info). Prints the findings
            grouped by severity with their plan line, then each member's assigned vs available hours.

            Exit status: 0 when there are no error findings, 1 when there are, 65 for a plan or profile
            planfit cannot read, 66 when a file is missing.
            """
    )

    @Argument(help: "The plan, a Markdown file.", completion: .file())
    var plan: String

    @Option(name: .shortAndLong, help: "The team profile, a YAML or JSON file.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var team: String

    @Option(help: "Output format: text, json, or html (one self-contained page: load bars against available hours and the findings; no network, no script).")
    var format: CheckFormat = .text

    @OptionGroup var display: OutputOptions

    @Option(help: ArgumentHelp("Count the default horizon from this day instead of today (YYYY-MM-DD).", visibility: .hidden))
    var today: String?

    func run() async throws {
        let hasErrors = try reportingErrors { () throws -> Bool in
            let files = try PlanAndTeamFiles.read(plan: plan, team: team)
            let profile = try files.team.profile(today: TodayOption.day(today))
            let result = RuleEngine(profile: profile).check(try files.plan.plan())
            let report = CheckReport(result: result, planPath: plan, profile: profile)
            switch format {
            case .text: Terminal.standardOutput.write(report.text(style: ANSIStyle(enabled: Terminal.standardOutput.supportsColor())))
            case .json: Terminal.standardOutput.writeVerbatim(JSONDocument.text(report.json))
            case .html: Terminal.standardOutput.writeData(report.html())
            }
            return result.hasErrors
        }
        if hasErrors { throw ExitCode(ExitStatus.findingsFailed.rawValue) }
    }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html
}
