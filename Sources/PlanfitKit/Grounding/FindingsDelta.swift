/// Finding counts before and after, per rule: "overload 2 -> 0, deadline 1 -> 0".
public struct FindingsDelta: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var rule: RuleID
        public var before: Int
        public var after: Int
    }

    public var rows: [Row]
    public var errorsBefore: Int
    public var errorsAfter: Int

    public init(before: [Finding], after: [Finding]) {
        rows = RuleID.allCases.compactMap { rule in
            let b = before.filter { $0.rule == rule }.count, a = after.filter { $0.rule == rule }.count
            return b == 0 && a == 0 ? nil : Row(rule: rule, before: b, after: a)
        }
        errorsBefore = before.filter { $0.severity == .error }.count
        errorsAfter = after.filter { $0.severity == .error }.count
    }

    public var summary: String {
        guard !rows.isEmpty else { return "no findings before or after" }
        return rows.map { "\($0.rule.rawValue) \($0.before) -> \($0.after)" }.joined(separator: ", ")
    }

    public var json: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: rows.map { ($0.rule.rawValue, JSONValue.object(["before": .int($0.before), "after": .int($0.after)])) }))
    }
}
