import Testing
@testable import PlanfitKit

@Suite struct WeekdaySetTests {
    /// Behaves as `Set<Weekday>` would, for every subset of the week.
    @Test func everySubsetOfTheWeekAnswersAsASet() {
        for mask in 0..<128 {
            let chosen = Weekday.week.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
            let days = WeekdaySet(chosen.reversed())
            let reference = Set(chosen)
            #expect(days.count == reference.count && days.isEmpty == reference.isEmpty)
            for day in Weekday.week { #expect(days.contains(day) == reference.contains(day)) }
            #expect(Array(days) == chosen, "Monday first")
            #expect(days == WeekdaySet(chosen))
        }
        var days: WeekdaySet = [.fri, .mon]
        #expect(days.insert(.wed) && !days.insert(.mon))
        #expect(days.description == "[mon, wed, fri]")
    }
}
