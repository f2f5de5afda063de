import Foundation
import Testing
@testable import PlanfitKit

@Suite struct StoreTimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: 1_796_000_000.25)) == "2026-11-30T00:53:20.250Z")
        #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func parsingGivesTheSameMillisecond() throws {
        for seconds in [0.0, 1_796_000_000.125, 951_782_400.999, -86_400.5] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = StoreTimestamp.string(from: date)
            #expect(StoreTimestamp.date(from: text) == date)
        }
        #expect(StoreTimestamp.date(from: "2026-12-01T09:30:00Z") == StoreTimestamp.date(from: "2026-12-01T09:30:00.000Z"))
        #expect(StoreTimestamp.date(from: "2026-12-01T09:30:00.5Z")?.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0.5)
    }

    /// A damaged row's 40-digit fraction once overflowed `Int` while being scaled to milliseconds.
    @Test func longFractionsKeepTheirMilliseconds() {
        let long = "2026-12-01T09:30:00.1239999999999999999999999999999999999999Z"
        #expect(StoreTimestamp.date(from: long) == StoreTimestamp.date(from: "2026-12-01T09:30:00.123Z"))
    }

    @Test(arguments: ["", "2026-12-01", "2026-12-01 09:30:00Z", "2026-13-01T09:30:00Z", "2026-12-01T09:30:00+01:00",
                      "2026-12-01T09:30:00.Z", "2026-12-01T09:30:00.000Zjunk"])
    func rejectsOtherShapes(text: String) {
        #expect(StoreTimestamp.date(from: text) == nil)
    }

    @Test func textOrderIsTimeOrder() {
        let dates = [1_000.0, 999_999_999.5, 1_000_000_000, 1_796_000_000.001].map(Date.init(timeIntervalSince1970:))
        let texts = dates.map(StoreTimestamp.string(from:))
        #expect(texts == texts.sorted())
    }
}
