/// Literal search and replace in text, as Foundation's `replacingOccurrences(of:with:)` and
/// `range(of:options: .caseInsensitive)` did for planfit (see `Lock` for why not Foundation): byte for
/// byte on UTF-8, so a target matches wherever its scalars appear (a secret followed by a combining mark
/// is still found), left to right, without overlap.
extension String {
    /// Every occurrence of `target` replaced with `replacement`; the text itself when `target` is empty.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        let bytes = Array(utf8), pattern = Array(target.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return self }
        let substitute = Array(replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var replaced = false
        while index < bytes.count {
            if bytes[index] == pattern[0], index + pattern.count <= bytes.count,
               bytes[index..<index + pattern.count].elementsEqual(pattern) {
                out += substitute
                index += pattern.count
                replaced = true
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return replaced ? String(decoding: out, as: UTF8.self) : self
    }

    /// The first occurrence of `target`, ignoring the case of ASCII letters, at or after `start`.
    public func asciiCaseInsensitiveRange(of target: String, from start: String.Index? = nil) -> Range<String.Index>? {
        let pattern = Array(target.utf8).map(Self.asciiLowercased)
        guard !pattern.isEmpty else { return nil }
        let view = utf8
        var index = start ?? view.startIndex
        while index < view.endIndex {
            var probe = index
            var matched = 0
            while matched < pattern.count, probe < view.endIndex, Self.asciiLowercased(view[probe]) == pattern[matched] {
                matched += 1
                probe = view.index(after: probe)
            }
            // Only a match that starts and ends on scalar boundaries: the pattern is whole scalars.
            if matched == pattern.count, let lower = index.samePosition(in: unicodeScalars),
               let upper = probe.samePosition(in: unicodeScalars) {
                return lower..<upper
            }
            index = view.index(after: index)
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
}
