/// The top level of every JSON document planfit prints (`--format json`, `models --json`), as described
/// in docs/json.md. `format_version` lets a script tell this shape from a later incompatible one: it
/// goes up only when a documented key is removed, renamed or changes type, never when one is added.
public enum JSONDocument {
    public static let formatVersion = 1

    /// `value` with `"format_version": 1` added at its top (a top-level array is never printed: lists
    /// are wrapped in an object), pretty-printed with a final newline.
    public static func text(_ value: JSONValue) -> String {
        versioned(value).prettyText + "\n"
    }

    public static func versioned(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        members["format_version"] = .int(formatVersion)
        return .object(members)
    }
}
