/// The days of the week a team works: a set of at most seven, kept as bits.
///
/// Not `Set<Weekday>`: the first such set a run makes has the runtime look `Weekday`'s `Hashable`
/// conformance up among every conformance in the binary, ~50 µs of each `check` (issue 11), for a set
/// that only ever answers `contains` and `count`. Iterates Monday first.
public struct WeekdaySet: Sendable, Hashable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    private var bits: UInt8 = 0

    public init() {}

    public init(arrayLiteral days: Weekday...) {
        for day in days { insert(day) }
    }

    public init<Days: Sequence>(_ days: Days) where Days.Element == Weekday {
        for day in days { insert(day) }
    }

    public var count: Int { bits.nonzeroBitCount }
    public var isEmpty: Bool { bits == 0 }

    public func contains(_ day: Weekday) -> Bool { bits & Self.bit(day) != 0 }

    /// Adds `day`; false when it was there already.
    @discardableResult
    public mutating func insert(_ day: Weekday) -> Bool {
        defer { bits |= Self.bit(day) }
        return !contains(day)
    }

    public func makeIterator() -> IndexingIterator<[Weekday]> {
        Weekday.week.filter(contains).makeIterator()
    }

    public var description: String { "[" + map(\.rawValue).joined(separator: ", ") + "]" }

    private static func bit(_ day: Weekday) -> UInt8 {
        switch day {
        case .mon: 1 << 0
        case .tue: 1 << 1
        case .wed: 1 << 2
        case .thu: 1 << 3
        case .fri: 1 << 4
        case .sat: 1 << 5
        case .sun: 1 << 6
        }
    }
}
