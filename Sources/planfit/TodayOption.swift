import PlanfitKit

/// The hidden `--today YYYY-MM-DD` option of the commands that count a default horizon: tests and
/// recorded fixtures pin the day with it.
enum TodayOption {
    /// The day the option names, or today.
    static func day(_ option: String?) throws -> Day {
        guard let option else { return Day.today() }
        guard let parsed = Day(iso: option) else { throw UsageError("--today must be YYYY-MM-DD, got '\(option)'") }
        return parsed
    }
}
