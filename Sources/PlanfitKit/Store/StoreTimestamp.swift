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
    public static func string(from date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        let fraction = milliseconds - Int64(seconds) * 1000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return printfFormat(
            "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(fraction))
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
