/// Renders a line diff for reading in a terminal: a `---`/`+++` header naming the two files, then
/// hunks of ` `, `-` and `+` lines.
///
/// Colour is the caller's decision (`Terminal.standardOutput.supportsColor()`): removed lines red,
/// added lines green, hunk headers cyan, and with word highlighting the changed words in reverse
/// video. Without colour, word highlighting marks changed words as `[-old-]` and `{+new+}`, as
/// `git diff --word-diff=plain` does.
///
/// Word highlighting pairs the deleted and inserted lines of each change first and word-diffs only
/// lines that were paired (`RegionHighlights`); a change beyond `wordLimits` is shown as the plain
/// line diff, after a note line such as `\ word highlighting skipped for a change of 830 lines;
/// showing the line diff` (the `\ ` of diff's own "\ No newline at end of file" notes).
public struct DiffTextRenderer: Sendable {
    public var colored: Bool
    public var highlightsWords: Bool
    public var context: Int
    public var wordLimits: WordDiffLimits

    public init(colored: Bool = false, highlightsWords: Bool = false, context: Int = 3,
                wordLimits: WordDiffLimits = WordDiffLimits()) {
        self.colored = colored
        self.highlightsWords = highlightsWords
        self.context = context
        self.wordLimits = wordLimits
    }

    /// The rendered diff; empty when the texts are identical.
    public func render(_ diff: LineDiff, oldLabel: String, newLabel: String) -> String {
        String(decoding: renderBytes(diff, oldLabel: oldLabel, newLabel: newLabel), as: UTF8.self)
    }

    public func renderBytes(_ diff: LineDiff, oldLabel: String, newLabel: String) -> [UInt8] {
        let hunks = diff.hunks(context: context)
        guard !hunks.isEmpty else { return [] }
        var out: [UInt8] = []
        out += paint("--- \(oldLabel)", Style.header).utf8
        out += "\n".utf8
        out += paint("+++ \(newLabel)", Style.header).utf8
        out += "\n".utf8
        for hunk in hunks {
            out += paint(hunk.header, Style.hunkHeader).utf8
            out += "\n".utf8
            var index = 0
            while index < hunk.edits.count {
                let edit = hunk.edits[index]
                switch edit.kind {
                case .equal:
                    appendLines(edit.oldRange, of: diff.old, marker: " ", style: nil, to: &out)
                case .insert:
                    appendLines(edit.newRange, of: diff.new, marker: "+", style: Style.added, to: &out)
                case .delete:
                    let replacement = index + 1 < hunk.edits.count && hunk.edits[index + 1].kind == .insert
                        ? hunk.edits[index + 1] : nil
                    if highlightsWords, let replacement {
                        appendReplacement(old: edit.oldRange, new: replacement.newRange, of: diff, to: &out)
                        index += 1
                    } else {
                        appendLines(edit.oldRange, of: diff.old, marker: "-", style: Style.removed, to: &out)
                    }
                }
                index += 1
            }
        }
        return out
    }

    private enum Style {
        static let header = "\u{1B}[1m"
        static let hunkHeader = "\u{1B}[36m"
        static let removed = "\u{1B}[31m"
        static let added = "\u{1B}[32m"
        static let reset = "\u{1B}[0m"
        static let wordOn = "\u{1B}[7m"
        static let wordOff = "\u{1B}[27m"
    }

    private func paint(_ text: String, _ style: String) -> String {
        colored ? style + TerminalText.sanitised(text) + Style.reset : text
    }

    /// Plan bytes. With colour they are sanitised here, before they sit between planfit's own escapes,
    /// because the terminal writer keeps those and could not tell a plan's copy of them apart. Without
    /// colour the bytes stay as they are (a "\r" included) and the writer sanitises the whole output.
    private func appendContent(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        if colored { out += TerminalText.sanitised(bytes: bytes) } else { out += bytes }
    }

    private func appendLines(_ range: Range<Int>, of lines: TextLines, marker: String, style: String?,
                             to out: inout [UInt8]) {
        for index in range {
            let bounds = lines.range(of: index)
            appendLine(lines.bytes, bounds, changes: [], marker: marker, style: style, to: &out)
        }
    }

    /// Deleted lines then their replacement, with the words that differ highlighted in the lines that
    /// were paired (an edited line, or two lines joined into one or one split in two).
    private func appendReplacement(old: Range<Int>, new: Range<Int>, of diff: LineDiff, to out: inout [UInt8]) {
        let highlights = RegionHighlights(old: diff.old, lines: old, new: diff.new, lines: new, limits: wordLimits)
        for note in highlights.notes {
            out += paint("\\ \(note)", Style.hunkHeader).utf8
            out += "\n".utf8
        }
        for (offset, index) in old.enumerated() {
            appendLine(diff.old.bytes, diff.old.range(of: index), changes: highlights.old[offset], marker: "-",
                       style: Style.removed, to: &out)
        }
        for (offset, index) in new.enumerated() {
            appendLine(diff.new.bytes, diff.new.range(of: index), changes: highlights.new[offset], marker: "+",
                       style: Style.added, to: &out)
        }
    }

    /// One line without its "\n" (a "\r" stays, so CRLF is visible to anything reading the output),
    /// with the parts of it inside `changes` highlighted.
    private func appendLine(_ bytes: [UInt8], _ line: Range<Int>, changes: [Range<Int>], marker: String,
                            style: String?, to out: inout [UInt8]) {
        let hasTerminator = !line.isEmpty && bytes[line.upperBound - 1] == UInt8(ascii: "\n")
        let content = line.lowerBound ..< (hasTerminator ? line.upperBound - 1 : line.upperBound)
        if colored, let style { out += style.utf8 }
        out += marker.utf8
        var position = content.lowerBound
        for change in changes where change.overlaps(content) {
            let start = max(change.lowerBound, content.lowerBound)
            let end = min(change.upperBound, content.upperBound)
            appendContent(bytes[position ..< start], to: &out)
            out += (colored ? Style.wordOn : (marker == "-" ? "[-" : "{+")).utf8
            appendContent(bytes[start ..< end], to: &out)
            out += (colored ? Style.wordOff : (marker == "-" ? "-]" : "+}")).utf8
            position = end
        }
        appendContent(bytes[position ..< content.upperBound], to: &out)
        if colored, style != nil { out += Style.reset.utf8 }
        out += "\n".utf8
        if !hasTerminator { out += "\\ No newline at end of file\n".utf8 }
    }
}
