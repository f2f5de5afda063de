/// Trimming by Unicode scalar, as `trimmingCharacters(in: .whitespaces)` and
/// `.whitespacesAndNewlines` did: that API and `CharacterSet` live in the part of Foundation that
/// brings ICU into the binary (see `Lock`). Same sets: whitespace is the space separators (Zs) and tab;
/// newlines are U+000A-U+000D, U+0085, U+2028 and U+2029. (Foundation on Linux also counts U+200B, zero
/// width space, as whitespace; so does this, and a test compares the two over those sets.)
extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    public var trimmedWhitespace: String { trimmingScalars(where: Self.isWhitespace) }

    /// Without leading and trailing spaces, tabs and line breaks.
    public var trimmedWhitespaceAndNewlines: String {
        trimmingScalars { Self.isWhitespace($0) || Self.isNewline($0) }
    }

    /// Without leading and trailing scalars among `characters`.
    public func trimming(_ characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        return trimmingScalars { set.contains($0) }
    }

    func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\u{200B}" || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
