import ArgumentParser
import PlanfitKit

/// The plan and team profile a command works on, loaded with the same errors everywhere.
struct PlanInputs {
    var plan: Plan
    var profile: TeamProfile

    static func load(plan planPath: String, team teamPath: String, today: String?) throws -> PlanInputs {
        let profile = try loadProfile(team: teamPath, today: today)
        let plan = try PlanLoader.load(path: planPath)
        return PlanInputs(plan: plan, profile: profile)
    }

    /// The team profile, with the default horizon counted from `--today` when given.
    static func loadProfile(team teamPath: String, today: String?) throws -> TeamProfile {
        let day: Day
        if let today {
            guard let parsed = Day(iso: today) else { throw UsageError("--today must be YYYY-MM-DD, got '\(today)'") }
            day = parsed
        } else {
            day = Day.today()
        }
        return try TeamProfileLoader(today: day).load(path: teamPath)
    }
}
