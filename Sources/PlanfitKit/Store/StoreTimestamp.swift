#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's time format: ISO-8601 in UTC with milliseconds, e.g. `2026-12-01T09:30:00.250Z`.
///
/// Every timestamp has the same width, so SQL compares and sorts them correctly as text
/// (`WHERE created_at < ?`), and `sqlite3` users can read them.
///
/// Why not Foundation's `Date.ISO8601FormatStyle` (tried for issue 12): its parser takes trailing text
/// ("...Zjunk") and other UTC offsets and refuses long fractions, where a damaged row must read as
/// damaged; and its formatter rounds some milliseconds differently from the stored rows (951782400.999 s
/// writes .998), so times written before and after would disagree. The tests pin each case.
public enum StoreTimestamp {
    /// Formatted by hand, not with `gmtime_r` and `printf`: glibc's `gmtime_r` reads the time zone
    /// database (/etc/localtime) on its first call though UTC needs none, and the two were a tenth of
    /// a cache hit's work beyond start-up (issue 11). The day arithmetic is the proleptic Gregorian
    /// calendar's, as `gmtime_r`'s (Howard Hinnant's `civil_from_days`); StoreTimestampTests pin both.
    public static func string(from date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds.floorDivided(by: 1000)
        let fraction = Int(milliseconds - seconds * 1000)
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func append(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            if rest < 0 {
                bytes.append(UInt8(ascii: "-"))
                rest = -rest
            }
            // Like %04d: wider values keep all their digits.
            while divisor * 10 <= rest { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                divisor /= 10
            }
        }
        append(year, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(Int64(month), digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(Int64(day), digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(Int64(secondOfDay / 3600), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int64(secondOfDay / 60 % 60), digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int64(secondOfDay % 60), digits: 2)
        bytes.append(UInt8(ascii: "."))
        append(Int64(fraction), digits: 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The year, month (1-12) and day (1-31) of a day counted from 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468  // from 0000-03-01, so a leap day ends its year
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`; nil for anything else.
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue!
        }
        guard bytes.count >= 20,
            let year = number(0..<4), byte(4, is: "-"), let month = number(5..<7), byte(7, is: "-"),
            let day = number(8..<10), byte(10, is: "T"), let hour = number(11..<13), byte(13, is: ":"),
            let minute = number(14..<16), byte(16, is: ":"), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var milliseconds = 0
        var index = 19
        if byte(index, is: ".") {
            let digits = bytes[(index + 1)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            // Keep milliseconds: "5" is 500 ms, "123456" is 123 ms. Only the first three digits are read,
            // so a damaged row with a 30-digit fraction cannot overflow the arithmetic.
            let kept = min(3, digits.count)
            guard kept > 0, let fraction = number((index + 1)..<(index + 1 + kept)) else { return nil }
            milliseconds = fraction * [100, 10, 1][kept - 1]
            index += 1 + digits.count
        }
        guard byte(index, is: "Z"), index == bytes.count - 1 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(milliseconds) / 1000)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
