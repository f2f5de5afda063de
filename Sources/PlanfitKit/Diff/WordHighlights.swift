/// Size limits that keep `--word` linear in the size of the diff. Beyond them a change is shown as the
/// plain line diff, with a note saying so, instead of taking minutes (issue 9: an 800-line change took
/// 26 s when its whole text was word-diffed at once).
public struct WordDiffLimits: Sendable, Equatable {
    /// A changed region (deleted plus inserted lines) larger than this is not word-highlighted: pairing
    /// its lines compares every deleted line with every inserted one (and with joined and split
    /// neighbours), so each word is compared at most three times this many times.
    public var maxRegionLines: Int
    /// Nor is a region with more words than this (one huge line would otherwise be compared with every
    /// line on the other side).
    public var maxRegionWords: Int
    /// A pair of lines (or a join or split) with more words than this is shown without highlights:
    /// a word diff can take time quadratic in its words when few of them match.
    public var maxPairWords: Int

    public init(maxRegionLines: Int = 256, maxRegionWords: Int = 65_536, maxPairWords: Int = 2_048) {
        self.maxRegionLines = maxRegionLines
        self.maxRegionWords = maxRegionWords
        self.maxPairWords = maxPairWords
    }
}

/// The changed words of one changed region of a line diff (deleted lines replaced by inserted ones):
/// lines are paired first (`LinePairing`), then each pair, join or split is word-diffed on its own.
struct RegionHighlights {
    /// For each deleted line of the region, in order: the byte ranges of the old text to highlight.
    private(set) var old: [[Range<Int>]]
    /// For each inserted line of the region, in order: the byte ranges of the new text to highlight.
    private(set) var new: [[Range<Int>]]
    /// One line each for the parts shown without highlights because of a limit.
    private(set) var notes: [String] = []
    /// Work done (token comparisons, pairing cells, tokens word-diffed), which tests bound.
    private(set) var operations = 0

    init(old oldText: TextLines, lines oldLines: Range<Int>, new newText: TextLines, lines newLines: Range<Int>,
         limits: WordDiffLimits = WordDiffLimits()) {
        old = Array(repeating: [], count: oldLines.count)
        new = Array(repeating: [], count: newLines.count)
        let lineCount = oldLines.count + newLines.count
        guard lineCount <= limits.maxRegionLines else {
            notes.append(Self.note("\(lineCount) lines"))
            return
        }
        let oldBlock = Self.block(oldText, oldLines), newBlock = Self.block(newText, newLines)
        let oldBounds = WordDiff.tokenBounds(oldText.bytes, in: oldBlock)
        let newBounds = WordDiff.tokenBounds(newText.bytes, in: newBlock)
        operations += oldBounds.count + newBounds.count
        let interned = LineInterner(oldBytes: oldText.bytes, oldBounds: oldBounds, newBytes: newText.bytes, newBounds: newBounds)
        let oldWords = Self.wordsPerLine(oldText, oldLines, bounds: oldBounds, ids: interned.oldIDs)
        let newWords = Self.wordsPerLine(newText, newLines, bounds: newBounds, ids: interned.newIDs)
        let wordCount = oldWords.reduce(0) { $0 + $1.count } + newWords.reduce(0) { $0 + $1.count }
        guard wordCount <= limits.maxRegionWords else {
            notes.append(Self.note("\(lineCount) lines"))
            return
        }

        let groups: [LinePairing.Group]
        if oldLines.count == 1, newLines.count == 1 {
            // One line replaced by one line is an edit of it, however different: highlight its words.
            groups = [LinePairing.Group(old: 0 ..< 1, new: 0 ..< 1)]
        } else {
            let pairing = LinePairing(old: oldWords, new: newWords)
            operations += pairing.operations
            groups = pairing.groups
        }

        for group in groups {
            let words = group.old.reduce(0) { $0 + oldWords[$1].count } + group.new.reduce(0) { $0 + newWords[$1].count }
            guard words <= limits.maxPairWords else {
                notes.append(Self.note("\(words) words"))
                continue
            }
            let oldRange = Self.block(oldText, group.old.shifted(by: oldLines.lowerBound))
            let newRange = Self.block(newText, group.new.shifted(by: newLines.lowerBound))
            // The breaks inside a group (a join's first old line, a split's first new line) read as spaces.
            let oldJoins = group.old.dropLast().map { oldText.range(of: oldLines.lowerBound + $0).upperBound - oldRange.lowerBound }
            let newJoins = group.new.dropLast().map { newText.range(of: newLines.lowerBound + $0).upperBound - newRange.lowerBound }
            let diff = WordDiff(old: Array(oldText.bytes[oldRange]), new: Array(newText.bytes[newRange]),
                                oldJoins: oldJoins, newJoins: newJoins)
            operations += oldRange.count + newRange.count
            Self.distribute(diff.oldChanges, offset: oldRange.lowerBound, to: group.old, of: oldText,
                            firstLine: oldLines.lowerBound, into: &old)
            Self.distribute(diff.newChanges, offset: newRange.lowerBound, to: group.new, of: newText,
                            firstLine: newLines.lowerBound, into: &new)
        }
    }

    static func note(_ size: String) -> String {
        "word highlighting skipped for a change of \(size); showing the line diff"
    }

    /// The bytes of a run of lines, terminators included.
    private static func block(_ text: TextLines, _ lines: Range<Int>) -> Range<Int> {
        text.range(of: lines.lowerBound).lowerBound ..< text.range(of: lines.upperBound - 1).upperBound
    }

    /// Each line's word and punctuation ids, sorted: what `LinePairing` compares. Tokens never span
    /// lines, so one pass over the tokens and the line bounds together assigns them.
    private static func wordsPerLine(_ text: TextLines, _ lines: Range<Int>, bounds: [Int], ids: [Int32]) -> [[Int32]] {
        var words = Array(repeating: [Int32](), count: lines.count)
        var line = 0
        for token in 0 ..< bounds.count - 1 {
            while text.range(of: lines.lowerBound + line).upperBound <= bounds[token] { line += 1 }
            switch WordDiff.tokenClass(text.bytes[bounds[token]]) {
            case .word, .punctuation: words[line].append(ids[token])
            case .space, .lineBreak: break
            }
        }
        for index in words.indices { words[index].sort() }
        return words
    }

    /// Moves a group's changed ranges (relative to the group's bytes) onto the lines they fall in.
    private static func distribute(_ changes: [Range<Int>], offset: Int, to group: Range<Int>, of text: TextLines,
                                   firstLine: Int, into lines: inout [[Range<Int>]]) {
        for change in changes {
            let absolute = (change.lowerBound + offset) ..< (change.upperBound + offset)
            for line in group {
                let bounds = text.range(of: firstLine + line)
                let start = max(absolute.lowerBound, bounds.lowerBound), end = min(absolute.upperBound, bounds.upperBound)
                if start < end { lines[line].append(start ..< end) }
            }
        }
    }
}

private extension Range where Bound == Int {
    func shifted(by offset: Int) -> Range<Int> { (lowerBound + offset) ..< (upperBound + offset) }
}
