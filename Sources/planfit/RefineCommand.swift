import ArgumentKit
import PlanfitKit

struct RefineCommand: Command {
    static let about = CommandAbout(
        name: "refine",
        abstract: "Adapt a draft plan to what the team can actually do (for the plan's author).",
        discussion: """
            Checks the plan against the team profile, sends plan, profile and findings to a model server on \
            this machine, and checks the adapted plan with the same rules, asking the model to repair what \
            still breaks (--max-repairs). Prints findings before -> after, the task and line diffs, and every \
            change with its reason. planfit never presents a plan with more error findings than the original \
            as an improvement.

            Answers are cached by the content of the request: a repeat prints the same output without \
            contacting the server. --offline answers only from the cache or --replay cassettes.

            Exit status: 0 done; 64 usage; 65 bad plan, profile or model output; 66 missing file; 69 no \
            server or model (or an --offline miss); 74 cache failure; 75 timeout; 130 interrupted.
            """
    )

    var plan: String = ""
    var options = RefineOptions()

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.plan, name: "plan", help: "The draft plan, a Markdown file.", completion: .anyFile),
            .group(\.options),
        ]
    }

    func validate() throws {
        if options.format == .note { throw ValidationError("--format note is for propose, which writes a note to the plan's author.") }
    }

    func run() throws {
        try RefineRunner(mode: .refine, planPath: plan, options: options,
                               arguments: Array(CommandLine.arguments.dropFirst())).run()
    }
}
