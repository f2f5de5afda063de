import ArgumentParser
import PlanfitKit

/// The plan and team profile a command works on, loaded with the same errors everywhere.
struct PlanInputs {
    var plan: Plan
    var profile: TeamProfile

    static func load(plan planPath: String, team teamPath: String, today: String?) throws -> PlanInputs {
        try StandardInput.refuseTwice([planPath, teamPath])
        let profile = try loadProfile(team: teamPath, today: today)
        let plan = try PlanLoader.load(path: planPath)
        return PlanInputs(plan: plan, profile: profile)
    }

    /// The team profile, with the default horizon counted from `--today` when given.
    static func loadProfile(team teamPath: String, today: String?) throws -> TeamProfile {
        try profile(bytes: InputFile.readBytes(path: teamPath), path: teamPath, today: today)
    }

    /// The team profile from bytes already read (for their digest), so the file is read once.
    static func profile(bytes: [UInt8], path: String, today: String?) throws -> TeamProfile {
        try profile(text: InputFile.decodeText(bytes, path: path), path: path, today: today)
    }

    /// The team profile from its decoded text (kept by runs that store it for `planfit apply`).
    static func profile(text: String, path: String, today: String?) throws -> TeamProfile {
        try TeamProfileLoader(today: day(today)).parse(text, file: path)
    }

    static func day(_ today: String?) throws -> Day {
        guard let today else { return Day.today() }
        guard let parsed = Day(iso: today) else { throw UsageError("--today must be YYYY-MM-DD, got '\(today)'") }
        return parsed
    }
}
