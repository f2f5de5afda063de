import ArgumentParser
import PlanfitKit

/// The `planfit` command: a thin layer over PlanfitKit that parses arguments and prints.
@main
struct Planfit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planfit",
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
            """,
        version: PlanfitVersion.current,
        subcommands: [
            InitCommand.self,
            CheckCommand.self,
            DiffCommand.self,
            FitCommand.self,
            RefineCommand.self,
            ProposeCommand.self,
            ApplyCommand.self,
            BatchCommand.self,
            ModelsCommand.self,
            DoctorCommand.self,
            HistoryCommand.self,
            ShowCommand.self,
            CacheCommand.self,
            ChatCommand.self,
        ]
    )
}
