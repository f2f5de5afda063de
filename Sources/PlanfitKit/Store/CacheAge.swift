#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An age such as `30d` for `planfit cache prune --older-than`: a whole number followed by `m`
/// (minutes), `h` (hours), `d` (days) or `w` (weeks).
public struct CacheAge: Equatable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case minutes = "m", hours = "h", days = "d", weeks = "w"

        var seconds: TimeInterval {
            switch self {
            case .minutes: return 60
            case .hours: return 3_600
            case .days: return 86_400
            case .weeks: return 604_800
            }
        }
    }

    public var count: Int
    public var unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    public init(parsing text: String) throws {
        let trimmed = text.trimmedWhitespace
        guard let unit = trimmed.last.flatMap({ Unit(rawValue: String($0)) }),
            let count = Int(trimmed.dropLast()), count > 0, trimmed.first?.isNumber == true,
            // Ten thousand weeks is already two centuries; anything longer is a typo.
            Double(count) * unit.seconds <= 10_000 * Unit.weeks.seconds
        else { throw CacheAgeError(text: text) }
        self.init(count: count, unit: unit)
    }

    public var seconds: TimeInterval { TimeInterval(count) * unit.seconds }

    /// The moment this age ago, seen from `now`.
    public func cutoff(before now: Date) -> Date { now.addingTimeInterval(-seconds) }

    public var description: String { "\(count)\(unit.rawValue)" }
}

/// A `--older-than` value that is not a duration planfit understands.
public struct CacheAgeError: PlanfitError, Equatable {
    public var text: String

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        "`\(text)` is not a duration: use a whole number followed by m (minutes), h (hours), d (days) or "
            + "w (weeks), for example 90m, 12h, 30d or 2w"
    }
}
