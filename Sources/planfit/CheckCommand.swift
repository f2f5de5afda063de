import ArgumentKit
import PlanfitKit

struct CheckCommand: Command {
    static let about = CommandAbout(
        name: "check",
        abstract: "Check a plan against a team profile with deterministic rules (no model needed).",
        discussion: """
            Rules: unknown-owner, missing-skill, overload, deadline, role-boundary (errors); skill-gap,
            wip-limit, unassigned (warnings); no-estimate, single-expert (info). Prints the findings
            grouped by severity with their plan line, then each member's assigned vs available hours.

            Exit status: 0 when there are no error findings, 1 when there are, 65 for a plan or profile
            planfit cannot read, 66 when a file is missing.
            """
    )

    var plan: String = ""
    var team: String = ""
    var format: CheckFormat = .text
    var display = OutputOptions()
    var today: String?

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.plan, name: "plan", help: "The plan, a Markdown file.", completion: .anyFile),
            .option(\.team, name: "team", short: "t", valueName: "file", help: "The team profile, a YAML or JSON file.", required: true, completion: .file(extensions: ["yaml", "yml", "json"])),
            .option(\.format, name: "format", help: "Output format: text, json, or html (one self-contained page: load bars against available hours and the findings; no network, no script)."),
            .group(\.display),
            .option(\.today, name: "today", help: "Count the default horizon from this day instead of today (YYYY-MM-DD).", hidden: true),
        ]
    }

    func run() throws {
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

enum CheckFormat: String, ArgumentValue, CaseIterable {
    case text, json, html
}
