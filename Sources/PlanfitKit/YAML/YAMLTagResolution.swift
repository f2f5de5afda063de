/// The YAML 1.1 tag of a node the way Yams resolved it (the rules of its default resolver, the same
/// regular expressions written out as small matchers, since Foundation's regular expressions need ICU).
/// Only the duplicate-key check uses it (`YAMLKeyIdentity`); readers look at text and style.
///
/// A plain scalar with no tag is resolved from its text, in Yams' order: bool, int, float, merge, null,
/// timestamp, value, else str. A quoted or block scalar with no tag, and one tagged `!`, is a str; a
/// collection with no tag (or `!`) is a seq or map; a written tag is taken as written.
enum YAMLTagResolution {
    static let str = "tag:yaml.org,2002:str"
    static let seq = "tag:yaml.org,2002:seq"
    static let map = "tag:yaml.org,2002:map"
    static let bool = "tag:yaml.org,2002:bool"
    static let int = "tag:yaml.org,2002:int"
    static let float = "tag:yaml.org,2002:float"
    static let merge = "tag:yaml.org,2002:merge"
    static let null = "tag:yaml.org,2002:null"
    static let timestamp = "tag:yaml.org,2002:timestamp"
    static let value = "tag:yaml.org,2002:value"

    static func tag(of scalar: YAMLScalar, written: String?) -> String {
        switch written {
        case nil: return scalar.style == .plain ? resolve(scalar.text) : str
        case "!": return str
        case let tag?: return tag
        }
    }

    static func collectionTag(written: String?, default defaultTag: String) -> String {
        switch written {
        case nil, "!": return defaultTag
        case let tag?: return tag
        }
    }

    /// The tag of an untagged plain scalar.
    static func resolve(_ text: String) -> String {
        if isBool(text) { return bool }
        let bytes = Array(text.utf8)
        if isInt(bytes) { return int }
        if isFloat(bytes) { return float }
        if text == "<<" { return merge }
        if ["", "~", "null", "Null", "NULL"].contains(text) { return null }
        if isTimestamp(bytes) { return timestamp }
        if text == "=" { return value }
        return str
    }

    /// `^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`
    static func isBool(_ text: String) -> Bool {
        ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
         "on", "On", "ON", "off", "Off", "OFF"].contains(text)
    }

    /// ```
    /// ^(?:[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
    ///   | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$
    /// ```
    static func isInt(_ bytes: [UInt8]) -> Bool {
        var start = Scan(bytes)
        start.skipSign()
        var binary = start
        if binary.take("0"), binary.take("b"), binary.takeAll(where: { $0 == .zero || $0 == .one || $0 == .underscore }) > 0, binary.atEnd { return true }
        var octal = start
        if octal.take("0") {
            _ = octal.take("o")
            if octal.takeAll(where: { ($0 >= .zero && $0 <= .seven) || $0 == .underscore }) > 0, octal.atEnd { return true }
        }
        var decimal = start
        if decimal.take("0"), decimal.atEnd { return true }
        decimal = start
        if decimal.takeOne(where: { $0 >= .one && $0 <= .nine }) {
            decimal.takeAll(where: isDigitOrUnderscore)
            if decimal.atEnd { return true }
            if decimal.takeSexagesimalGroups(), decimal.atEnd { return true }
        }
        var hex = start
        if hex.take("0"), hex.take("x"), hex.takeAll(where: { isDigitOrUnderscore($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) > 0, hex.atEnd { return true }
        return false
    }

    /// ```
    /// ^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
    ///   | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN))$
    /// ```
    static func isFloat(_ bytes: [UInt8]) -> Bool {
        var start = Scan(bytes)
        var unsigned = start
        start.skipSign()
        var decimal = start
        if decimal.takeOne(where: isDigit) {
            decimal.takeAll(where: isDigitOrUnderscore)
            var sexagesimal = decimal
            if decimal.take(".") { decimal.takeAll(where: isDigitOrUnderscore) }
            if decimal.atEnd { return true }
            if decimal.takeOne(where: { $0 == .e || $0 == .capitalE }) {
                decimal.skipSign()
                if decimal.takeAll(where: isDigit) > 0, decimal.atEnd { return true }
            }
            if sexagesimal.takeSexagesimalGroups(), sexagesimal.take(".") {
                sexagesimal.takeAll(where: isDigitOrUnderscore)
                if sexagesimal.atEnd { return true }
            }
        }
        if unsigned.take("."), unsigned.takeAll(where: isDigitOrUnderscore) > 0 {
            if unsigned.atEnd { return true }
            if unsigned.takeOne(where: { $0 == .e || $0 == .capitalE }), unsigned.takeOne(where: { $0 == .plus || $0 == .minus }),
               unsigned.takeAll(where: isDigit) > 0, unsigned.atEnd { return true }
        }
        let rest = String(decoding: start.remaining, as: UTF8.self)
        if [".inf", ".Inf", ".INF"].contains(rest) { return true }
        return [".nan", ".NaN", ".NAN"].contains(String(decoding: bytes, as: UTF8.self))
    }

    /// ```
    /// ^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    ///   | [0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]
    ///     (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$
    /// ```
    static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        var s = Scan(bytes)
        guard s.takeAll(where: isDigit) == 4, s.take("-") else { return false }
        let month = s.takeAll(where: isDigit)
        guard month == 1 || month == 2, s.take("-") else { return false }
        let day = s.takeAll(where: isDigit)
        if month == 2 && day == 2 && s.atEnd { return true }
        guard day == 1 || day == 2 else { return false }
        if !s.takeOne(where: { $0 == .t || $0 == .capitalT }) {
            guard s.takeAll(where: isBlank) > 0 else { return false }
        }
        let hour = s.takeAll(where: isDigit)
        guard hour == 1 || hour == 2, s.take(":"), s.takeAll(where: isDigit) == 2, s.take(":"), s.takeAll(where: isDigit) == 2 else { return false }
        if s.take(".") { s.takeAll(where: isDigit) }
        if s.atEnd { return true }
        s.takeAll(where: isBlank)
        if s.take("Z") { return s.atEnd }
        guard s.takeOne(where: { $0 == .plus || $0 == .minus }) else { return false }
        let zoneHour = s.takeAll(where: isDigit)
        guard zoneHour == 1 || zoneHour == 2 else { return false }
        if s.atEnd { return true }
        return s.take(":") && s.takeAll(where: isDigit) == 2 && s.atEnd
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= .zero && byte <= .nine }
    private static func isDigitOrUnderscore(_ byte: UInt8) -> Bool { isDigit(byte) || byte == .underscore }
    private static func isBlank(_ byte: UInt8) -> Bool { byte == .space || byte == .tab }

    /// A cursor over the text's bytes. Every pattern is ASCII, so a byte never matches part of a
    /// longer character.
    private struct Scan {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        var remaining: ArraySlice<UInt8> { bytes[index...] }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            takeOne { $0 == UInt8(ascii: character) }
        }

        mutating func takeOne(where matches: (UInt8) -> Bool) -> Bool {
            guard index < bytes.count, matches(bytes[index]) else { return false }
            index += 1
            return true
        }

        @discardableResult
        mutating func takeAll(where matches: (UInt8) -> Bool) -> Int {
            let start = index
            while index < bytes.count, matches(bytes[index]) { index += 1 }
            return index - start
        }

        mutating func skipSign() {
            _ = takeOne { $0 == .plus || $0 == .minus }
        }

        /// `(?::[0-5]?[0-9])+`: one or more groups of a colon and one digit, or two with the first at
        /// most 5; false (and the position unspecified) when there is no such group.
        mutating func takeSexagesimalGroups() -> Bool {
            var groups = 0
            while take(":") {
                let first = index
                let digits = takeAll(where: { $0 >= .zero && $0 <= .nine })
                guard digits == 1 || (digits == 2 && bytes[first] <= UInt8(ascii: "5")) else { return false }
                groups += 1
            }
            return groups > 0
        }
    }
}

private extension UInt8 {
    static let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1"), seven = UInt8(ascii: "7"), nine = UInt8(ascii: "9")
    static let underscore = UInt8(ascii: "_"), plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-")
    static let e = UInt8(ascii: "e"), capitalE = UInt8(ascii: "E"), t = UInt8(ascii: "t"), capitalT = UInt8(ascii: "T")
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
}
