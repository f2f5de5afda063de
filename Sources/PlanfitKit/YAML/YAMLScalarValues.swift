/// A scalar read as a YAML 1.1 boolean or number, the way the config file's values have always been
/// read (Yams' constructors, rewritten here): `allow_remote: yes` is true, `idle: 1_000` and `overall:
/// 1:30:00` (sexagesimal) are numbers, a quoted `'5'` is not a number.
///
/// The team profile does not use these: it reads its numbers from the text with `Double`/`Int`, with
/// its own range checks and messages.
extension YAMLNode {
    /// true for `true`, `yes`, `on` and false for `false`, `no`, `off`, in any letter case; nil for
    /// anything else and for a string by its style or tag (`'yes'`, `!!str yes`).
    public var bool: Bool? {
        guard let scalar, !isTaggedString(scalar) else { return nil }
        switch scalar.text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// A plain whole number: decimal, `0x` hex, `0b` binary, `0o` or leading-zero octal, `_` between
    /// digits, or base 60 (`1:30`); nil for anything else, a quoted scalar, or one that does not fit.
    public var int: Int? {
        guard let scalar, scalar.style == .plain else { return nil }
        let text = scalar.text.filter { $0 != "_" }
        if text == "0" { return 0 }
        let negative = text.hasPrefix("-")
        let sign = negative ? "-" : ""
        let digits = text.dropFirst(negative || text.hasPrefix("+") ? 1 : 0)
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where digits.hasPrefix(prefix) {
            return Int(sign + digits.dropFirst(prefix.count), radix: radix)
        }
        if digits.contains(":") {
            // Yams trapped when a long base-60 number overflowed; here it is a value that does not read.
            guard let (negative, parts) = Self.sexagesimalParts(text, { Int($0, radix: 10) }) else { return nil }
            var value = 0, base = 1
            for part in parts {
                let (scaled, o1) = part.multipliedReportingOverflow(by: base)
                let (sum, o2) = value.addingReportingOverflow(scaled)
                let (nextBase, o3) = base.multipliedReportingOverflow(by: 60)
                if o1 || o2 || o3 { return nil }
                value = sum
                base = nextBase
            }
            return negative ? (value == .min ? nil : -value) : value
        }
        return Int(text)
    }

    /// A plain number: what `Double` reads (after removing `_`), `.inf`, `-.inf`, `.nan`, or base 60;
    /// nil for anything else or a quoted scalar.
    public var float: Double? {
        guard let scalar, scalar.style == .plain else { return nil }
        switch scalar.text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default:
            let text = scalar.text.filter { $0 != "_" }
            if text.contains(":") {
                guard let (negative, parts) = Self.sexagesimalParts(text, { Double($0) }) else { return nil }
                var value = 0.0, base = 1.0
                for part in parts {
                    value += part * base
                    base *= 60
                }
                return negative ? -value : value
            }
            return Double(text)
        }
    }

    /// A quoted or block scalar with no tag, or one tagged `!!str`: text by how it is written.
    private func isTaggedString(_ scalar: YAMLScalar) -> Bool {
        if let tag { return tag == YAMLTagResolution.str }
        return scalar.style != .plain
    }

    /// Base 60, `[-+]?d:d:...`: the sign and the parts read by `part`, units first (`1:30` gives
    /// [30, 1]); nil when a part does not read.
    private static func sexagesimalParts<T>(_ text: String, _ part: (String) -> T?) -> (negative: Bool, parts: [T])? {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative || body.hasPrefix("+") { body = body.dropFirst() }
        var parts: [T] = []
        for piece in body.split(separator: ":", omittingEmptySubsequences: false).reversed() {
            guard let value = part(String(piece)) else { return nil }
            parts.append(value)
        }
        return (negative, parts)
    }
}
