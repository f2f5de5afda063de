import ArgumentKit
import PlanfitKit

struct ProposeCommand: Command {
    static let about = CommandAbout(
        name: "propose",
        abstract: "Propose a grounded alternative to a plan you were handed, with a note to its author.",
        discussion: """
            Written from the seat of the team member given with --as: the model adapts the plan to the \
            team's real capacity, skills, time off and norms, and writes a short, respectful note to the \
            plan's author that cites the facts behind each change. --concern adds what worries you, in your \
            own words. Same outputs, cache and exit codes as `planfit refine`.
            """
    )

    var plan: String = ""
    var asHandle: String = ""
    var concern: String?
    var options = RefineOptions()

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.plan, name: "plan", help: "The plan you were handed, a Markdown file.", completion: .anyFile),
            .option(\.asHandle, name: "as", valueName: "handle", help: "Your handle in the team profile.", required: true),
            .option(\.concern, name: "concern", valueName: "text", help: "What worries you about the plan, in your words."),
            .group(\.options),
        ]
    }

    func run() throws {
        let handle = asHandle.hasPrefix("@") ? String(asHandle.dropFirst()) : asHandle
        try RefineRunner(mode: .propose(asHandle: handle.lowercased(), concern: concern), planPath: plan,
                               options: options, arguments: Array(CommandLine.arguments.dropFirst())).run()
    }
}
