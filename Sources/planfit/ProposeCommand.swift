import ArgumentParser
import PlanfitKit

struct ProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Propose a grounded alternative to a plan you were handed, with a note to its author.",
        discussion: """
            Written from the seat of the team member given with --as: the model adapts the plan to the \
            team's real capacity, skills, time off and norms, and writes a short, respectful note to the \
            plan's author that cites the facts behind each change. --concern adds what worries you, in your \
            own words. Same outputs, cache and exit codes as `planfit refine`.
            """
    )

    @Argument(help: "The plan you were handed, a Markdown file.", completion: .file())
    var plan: String

    @Option(name: .customLong("as"), help: ArgumentHelp("Your handle in the team profile.", valueName: "handle"))
    var asHandle: String

    @Option(help: ArgumentHelp("What worries you about the plan, in your words.", valueName: "text"))
    var concern: String?

    @OptionGroup var options: RefineOptions

    func run() async throws {
        let handle = asHandle.hasPrefix("@") ? String(asHandle.dropFirst()) : asHandle
        try await RefineRunner(mode: .propose(asHandle: handle.lowercased(), concern: concern), planPath: plan,
                               options: options, arguments: Array(CommandLine.arguments.dropFirst())).run()
    }
}
