import Foundation
import Testing
@testable import PlanfitKit

@Suite struct DayTests {
    @Test func todayFromTheClockIsTodayFromDate() {
        // Read around the clock call, so a run across midnight still has an answer to compare with.
        let before = Day.today(now: Date())
        let today = Day.today()
        let after = Day.today(now: Date())
        #expect(today == before || today == after)
        #expect(Day.today(now: Date(timeIntervalSince1970: -1)) == Day(iso: "1969-12-31"))
    }

    @Test func roundTripsAndWeekdays() throws {
        let day = try #require(Day(iso: "2026-12-01"))
        #expect(day.description == "2026-12-01")
        #expect(day.weekday == .tue)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "1970-01-01")?.weekday == .thu)
        #expect(day.adding(days: 31).description == "2027-01-01")
    }

    @Test func everyDayOfSeveralYearsRoundTrips() {
        var day = Day(iso: "1999-12-25")!
        for _ in 0..<3000 {
            #expect(Day(iso: day.description) == day)
            day = day.adding(days: 1)
        }
    }
}
