import Foundation
import Testing
@testable import PlanfitKit

@Suite struct StoreTimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: 1_796_000_000.25)) == "2026-11-30T00:53:20.250Z")
        #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    /// The hand-made formatter agrees with the C library's `gmtime_r` on every kind of day: leap days,
    /// century years, before 1970, far ahead.
    @Test func theDateIsTheOneGmtimeGives() {
        var generator = SystemRandomNumberGenerator()
        let fixed: [Int64] = [951_782_400, 951_868_799, 4_107_542_400, -2_203_891_200, 68_169_600, 1_709_164_800, -1]
        let random = (0..<5_000).map { _ in Int64.random(in: -12_000_000_000...20_000_000_000, using: &generator) }
        for seconds in fixed + random {
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                                  parts.tm_hour, parts.tm_min, parts.tm_sec, 125)
            #expect(StoreTimestamp.string(from: Date(timeIntervalSince1970: TimeInterval(seconds) + 0.125)) == expected, "\(seconds)")
        }
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
