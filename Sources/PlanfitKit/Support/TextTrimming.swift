extension StringProtocol {
    /// The text without the whitespace around it, as Foundation's `trimmingCharacters(in: .whitespaces)`
    /// gave it (profile values have always been read that way): tab, the Unicode space separators and
    /// U+200B, removed scalar by scalar.
    func trimmingWhitespace() -> String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// The text without the scalars `remove` matches at either end.
    func trimming(where remove: (Unicode.Scalar) -> Bool) -> String {
        let text = String(self), scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !remove($0) }),
              let last = scalars.lastIndex(where: { !remove($0) }) else { return "" }
        return String(text[first..<scalars.index(after: last)])
    }
}
