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
        self.init(old: old, new: new, oldJoins: [], newJoins: [])
    }

    /// A word diff where some line breaks are read as a single space: `oldJoins` are the offsets in
    /// `old` just past the line breaks the other side joined away (two old lines became one), and
    /// `newJoins` those in `new` where the other side's one line was split in two. Each such break, with the spaces around it (a trailing space,
    /// the next line's indentation), is one token equal to " ", so a join or a split that changed no
    /// words highlights nothing.
    init(old: [UInt8], new: [UInt8], oldJoins: [Int], newJoins: [Int]) {
        let oldBounds = Self.joiningBreaks(oldJoins, in: old, bounds: Self.tokenBounds(old))
        let newBounds = Self.joiningBreaks(newJoins, in: new, bounds: Self.tokenBounds(new))
        let interned = LineInterner(oldBytes: old, oldBounds: oldBounds.bounds, newBytes: new, newBounds: newBounds.bounds)
        var oldIDs = interned.oldIDs, newIDs = interned.newIDs
        var symbolCount = interned.distinctCount
        var spaceID: Int32?
        if !oldBounds.joined.isEmpty || !newBounds.joined.isEmpty {
            // The id of a lone " " token if either side has one, else a fresh id both sides share.
            let space = Self.singleSpaceID(old, oldBounds.bounds, oldIDs) ?? Self.singleSpaceID(new, newBounds.bounds, newIDs)
                ?? { symbolCount += 1; return Int32(symbolCount - 1) }()
            for index in oldBounds.joined { oldIDs[index] = space }
            for index in newBounds.joined { newIDs[index] = space }
            spaceID = space
        }
        var changes = HistogramDiff.changes(a: oldIDs, b: newIDs, symbolCount: symbolCount)
        Self.absorbSeparators(&changes, oldIDs: oldIDs, newIDs: newIDs, joinedBreakID: spaceID,
                              oldBounds: oldBounds.bounds, newBounds: newBounds.bounds, old: old)
        oldChanges = Self.ranges(changes.old, bounds: oldBounds.bounds)
        newChanges = Self.ranges(changes.new, bounds: newBounds.bounds)
    }

    /// Merges each line break ending at one of `joins` with the space tokens on either side of it into
    /// one token, and returns the new bounds with the indices of those tokens.
    private static func joiningBreaks(_ joins: [Int], in bytes: [UInt8], bounds: [Int]) -> (bounds: [Int], joined: [Int]) {
        guard !joins.isEmpty else { return (bounds, []) }
        let ends = Set(joins)
        var merged: [Int] = [0], joined: [Int] = []
        var token = 0
        let count = bounds.count - 1
        while token < count {
            let start = bounds[token], end = bounds[token + 1]
            let isJoin = tokenClass(bytes[start]) == .lineBreak && ends.contains(end)
            let precedesJoin = tokenClass(bytes[start]) == .space && token + 1 < count
                && tokenClass(bytes[bounds[token + 1]]) == .lineBreak && ends.contains(bounds[token + 2])
            if isJoin || precedesJoin {
                var last = isJoin ? token : token + 1
                if last + 1 < count, tokenClass(bytes[bounds[last + 1]]) == .space { last += 1 }
                joined.append(merged.count - 1)
                merged.append(bounds[last + 1])
                token = last + 1
            } else {
                merged.append(end)
                token += 1
            }
        }
        return (merged, joined)
    }

    private static func singleSpaceID(_ bytes: [UInt8], _ bounds: [Int], _ ids: [Int32]) -> Int32? {
        for index in 0 ..< bounds.count - 1 where bounds[index + 1] - bounds[index] == 1 && bytes[bounds[index]] == UInt8(ascii: " ") {
            return ids[index]
        }
        return nil
    }

    enum TokenClass { case word, space, lineBreak, punctuation }

    static func tokenClass(_ byte: UInt8) -> TokenClass {
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
        tokenBounds(bytes, in: 0 ..< bytes.count)
    }

    /// Token boundaries of `bytes[range]`, as offsets into `bytes`. A token never spans two lines.
    static func tokenBounds(_ bytes: [UInt8], in range: Range<Int>) -> [Int] {
        var bounds = [range.lowerBound]
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let kind = tokenClass(bytes[index])
            index += 1
            switch kind {
            case .word, .space:
                while index < end, tokenClass(bytes[index]) == kind { index += 1 }
            case .lineBreak:
                // "\r\n" is one break, so a CRLF line compares whole with another CRLF line.
                if bytes[index - 1] == UInt8(ascii: "\r"), index < end, bytes[index] == UInt8(ascii: "\n") {
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
                                         oldIDs: [Int32], newIDs: [Int32], joinedBreakID: Int32?,
                                         oldBounds: [Int], newBounds: [Int], old: [UInt8]) {
        var i = 0, j = 0
        let n = oldIDs.count, m = newIDs.count
        while i < n, j < m {
            if changes.old[i] { i += 1; continue }
            if changes.new[j] { j += 1; continue }
            // A joined line break (see `joiningBreaks`) stands for a space, so it is absorbed too.
            let kind = tokenClass(old[oldBounds[i]])
            let isSpace = kind == .space || (kind == .lineBreak && oldIDs[i] == joinedBreakID)
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
