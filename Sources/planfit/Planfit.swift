import ArgumentKit
import PlanfitKit

/// The `planfit` command: a thin layer over PlanfitKit that reads the command line and prints.
enum Planfit {
    static let about = CommandAbout(
        name: "planfit",
        abstract: "Ground a plan in what your team can actually do.",
        discussion: """
            planfit checks a Markdown plan against a team profile (members, skills, capacity, time off, \
            roles, norms) with deterministic rules, and asks a model server on your own machine to adapt \
            the plan to the team, with the reason for every change. Nothing leaves this machine unless \
            you pass --allow-remote.

            Start with `planfit check PLAN --team TEAM`, then `planfit fit PLAN --team TEAM` (planfit's own planner) or `planfit refine PLAN --team TEAM` (a model, checked against the planner).

            Exit codes: 0 success · 1 check, fit or apply left error findings · 2 refine/propose showed a plan that is not an improvement (--fallback none) · 64 usage · 65 bad input data · 66 input file \
            missing · 69 model server unavailable · 74 cache or file I/O failure · 75 timeout · 130 \
            interrupted.
            """
    )

    /// Every command, in the order `planfit --help` lists them; each made only when it runs or help
    /// lists it (`CommandTree.named`: the names here are the commands' own).
    static var tree: CommandTree {
        CommandTree(about, subcommands: [
            .named("init") { CommandTree(InitCommand.self) },
            .named("check") { CommandTree(CheckCommand.self) },
            .named("diff") { CommandTree(DiffCommand.self) },
            .named("fit") { CommandTree(FitCommand.self) },
            .named("refine") { CommandTree(RefineCommand.self) },
            .named("propose") { CommandTree(ProposeCommand.self) },
            .named("apply") { CommandTree(ApplyCommand.self) },
            .named("batch") { CommandTree(BatchCommand.self) },
            .named("models") { CommandTree(ModelsCommand.self) },
            .named("doctor") { CommandTree(DoctorCommand.self) },
            .named("history") { CommandTree(HistoryCommand.self) },
            .named("show") { CommandTree(ShowCommand.self) },
            .named("cache") { CacheCommand.tree },
            .named("chat") { CommandTree(ChatCommand.self) },
        ])
    }
}
