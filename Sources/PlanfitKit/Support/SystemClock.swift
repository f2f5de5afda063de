import Foundation

extension Day {
    /// Today in UTC. Only the edges (commands) call this; the core takes days as values.
    public static func today(now: Date = Date()) -> Day {
        Day(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
