/// Working-day arithmetic: how many focus hours a member has between two days, given the team's
/// workdays, the horizon and the member's time off.
public struct Capacity: Sendable {
    public let profile: TeamProfile

    public init(profile: TeamProfile) { self.profile = profile }

    /// Hours one member works on one working day: their week spread over the team's workdays.
    public func hoursPerWorkday(_ member: Member) -> Double {
        member.hoursPerWeek / Double(max(1, profile.workdays.count))
    }

    /// Working days from `start` to `end` inclusive, clipped to the horizon, that are not time off.
    public func workingDays(_ member: Member, from start: Day, through end: Day) -> Int {
        let s = max(start, profile.horizon.start), e = min(end, profile.horizon.end)
        guard s <= e else { return 0 }
        return DayRange(start: s, end: e).days.filter { profile.workdays.contains($0.weekday) && !member.isOff(on: $0) }.count
    }

    public func availableHours(_ member: Member, from start: Day, through end: Day) -> Double {
        Double(workingDays(member, from: start, through: end)) * hoursPerWorkday(member)
    }

    public func availableHours(_ member: Member) -> Double {
        availableHours(member, from: profile.horizon.start, through: profile.horizon.end)
    }

    /// The member's time off that falls inside `start...end`, for messages ("time off 03-08..03-12").
    public func timeOff(_ member: Member, from start: Day, through end: Day) -> [DayRange] {
        member.timeOff.compactMap { range in
            let s = max(range.start, start), e = min(range.end, end)
            return s <= e ? DayRange(start: s, end: e) : nil
        }
    }

    /// Hours a task asks of each of its owners: the estimate split equally.
    public func share(of task: PlanTask) -> Double? {
        guard let estimate = task.estimate, !task.owners.isEmpty else { return nil }
        return estimate.hours(in: profile) / Double(task.owners.count)
    }
}
