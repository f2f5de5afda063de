import ArgumentParser
import PlanfitKit

/// The plan and team profile a command works on, loaded with the same errors everywhere.
struct PlanInputs {
    var plan: Plan
    var profile: TeamProfile

    static func load(plan planPath: String, team teamPath: String, today: String?) throws -> PlanInputs {
        let day: Day
        if let today {
            guard let parsed = Day(iso: today) else { throw UsageError("--today must be YYYY-MM-DD, got '\(today)'") }
            day = parsed
        } else {
            day = Day.today()
        }
        let profile = try TeamProfileLoader(today: day).load(path: teamPath)
        let plan = try PlanLoader.load(path: planPath)
        return PlanInputs(plan: plan, profile: profile)
    }
}
