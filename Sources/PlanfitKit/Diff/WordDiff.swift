/// Which words changed between two pieces of text (typically the lines a hunk deletes and the lines
/// that replace them), for highlighting inside changed lines.
///
/// Tokens are runs of word characters (letters, digits, `_`, and any non-ASCII character, so UTF-8 is
/// never split), runs of spaces and tabs, line breaks, and single punctuation characters. The tokens
/// are diffed with the same histogram diff as lines.
public struct WordDiff: Equatable, Sendable {
    /// Byte ranges of `old` that were deleted, merged where adjacent, in order.
    public let oldChanges: [Range<Int>]
    /// Byte ranges of `new` that were inserted, merged where adjacent, in order.
    public let newChanges: [Range<Int>]

    public init(old: String, new: String) {
        self.init(old: Array(old.utf8), new: Array(new.utf8))
    }

    public init(old: [UInt8], new: [UInt8]) {
        let oldBounds = Self.tokenBounds(old), newBounds = Self.tokenBounds(new)
        let interned = LineInterner(oldBytes: old, oldBounds: oldBounds, newBytes: new, newBounds: newBounds)
        var changes = HistogramDiff.changes(a: interned.oldIDs, b: interned.newIDs,
                                            symbolCount: interned.distinctCount)
        Self.absorbSeparators(&changes, oldIDs: interned.oldIDs, newIDs: interned.newIDs,
                              oldBounds: oldBounds, newBounds: newBounds, old: old)
        oldChanges = Self.ranges(changes.old, bounds: oldBounds)
        newChanges = Self.ranges(changes.new, bounds: newBounds)
    }

    private enum TokenClass { case word, space, lineBreak, punctuation }

    private static func tokenClass(_ byte: UInt8) -> TokenClass {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"): return .space
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return .lineBreak
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "_"), 0x80 ... 0xFF:
            return .word
        default: return .punctuation
        }
    }

    /// Token boundaries: token `i` is `bytes[bounds[i] ..< bounds[i + 1]]`.
    static func tokenBounds(_ bytes: [UInt8]) -> [Int] {
        var bounds = [0]
        var index = 0
        while index < bytes.count {
            let kind = tokenClass(bytes[index])
            index += 1
            switch kind {
            case .word, .space:
                while index < bytes.count, tokenClass(bytes[index]) == kind { index += 1 }
            case .lineBreak:
                // "\r\n" is one break, so a CRLF line compares whole with another CRLF line.
                if bytes[index - 1] == UInt8(ascii: "\r"), index < bytes.count, bytes[index] == UInt8(ascii: "\n") {
                    index += 1
                }
            case .punctuation:
                break
            }
            bounds.append(index)
        }
        return bounds
    }

    /// A lone space kept between two changed words splits one highlight into two ("[-quick-] [-brown-]");
    /// treating it as changed too reads as the phrase it is.
    private static func absorbSeparators(_ changes: inout (old: [Bool], new: [Bool]),
                                         oldIDs: [Int32], newIDs: [Int32],
                                         oldBounds: [Int], newBounds: [Int], old: [UInt8]) {
        var i = 0, j = 0
        let n = oldIDs.count, m = newIDs.count
        while i < n, j < m {
            if changes.old[i] { i += 1; continue }
            if changes.new[j] { j += 1; continue }
            let isSpace = tokenClass(old[oldBounds[i]]) == .space
            if isSpace, i > 0, j > 0, i + 1 < n, j + 1 < m,
               changes.old[i - 1], changes.new[j - 1], changes.old[i + 1], changes.new[j + 1] {
                changes.old[i] = true
                changes.new[j] = true
            }
            i += 1; j += 1
        }
    }

    private static func ranges(_ changed: [Bool], bounds: [Int]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (index, isChanged) in changed.enumerated() where isChanged {
            let range = bounds[index] ..< bounds[index + 1]
            if let last = ranges.last, last.upperBound == range.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound ..< range.upperBound
            } else {
                ranges.append(range)
            }
        }
        return ranges
    }
}
