import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit init`: a commented team profile to start from, filled with what a plan names.
struct InitCommand: Command {
    static let about = CommandAbout(
        name: "init",
        abstract: "Write a commented team profile skeleton to fill in.",
        discussion: """
            With --from-plan, every @handle the plan names becomes a member (with the tasks and skills the \
            plan gives them), every #skill the plan asks for is listed with its tasks, the role members get \
            is declared, and the horizon ends on the plan's last due date. The skeleton loads as it is, so \
            `planfit check PLAN --team FILE` runs at once. Prints to standard output unless -o names a file; \
            an existing file is never overwritten.
            """)
    var fromPlan: String?
    var output: String?
    var today: String?

    static var declarations: [Declaration<Self>] {
        [
            .option(\.fromPlan, name: "from-plan", valueName: "plan", help: "List the owners and skills of this plan (- reads standard input).", completion: .file(extensions: ["md", "markdown"])),
            .option(\.output, name: "output", short: "o", valueName: "file", help: "Write the profile to this new file instead of standard output.", completion: .anyFile),
            .option(\.today, name: "today", help: "Start the horizon on this day instead of today (YYYY-MM-DD).", hidden: true),
        ]
    }

    func run() throws {
        try reportingErrors {
            let plan = try fromPlan.map { path in
                try InputDocument.read(path).plan()
            }
            let text = ProfileSkeleton.render(plan: plan, planPath: fromPlan, today: try TodayOption.day(today))
            guard let output, output != "-" else {
                Terminal.standardOutput.writeData(text)
                return
            }
            // A profile someone filled in is work: init never replaces one.
            if FileManager.default.fileExists(atPath: output) {
                throw UsageError("\(output) already exists; planfit init never overwrites a file. Choose another name or remove it first.")
            }
            try AtomicFile.write(text, to: output)
            Terminal.standardError.write("planfit: wrote a team profile skeleton to \(output); fill in the TODOs, then run `planfit check PLAN --team \(output)`\n")
        }
    }
}
