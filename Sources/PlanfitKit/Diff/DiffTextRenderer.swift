/// Renders a line diff for reading in a terminal: a `---`/`+++` header naming the two files, then
/// hunks of ` `, `-` and `+` lines.
///
/// Colour is the caller's decision (`Terminal.standardOutput.supportsColor()`): removed lines red,
/// added lines green, hunk headers cyan, and with word highlighting the changed words in reverse
/// video. Without colour, word highlighting marks changed words as `[-old-]` and `{+new+}`, as
/// `git diff --word-diff=plain` does.
public struct DiffTextRenderer: Sendable {
    public var colored: Bool
    public var highlightsWords: Bool
    public var context: Int

    public init(colored: Bool = false, highlightsWords: Bool = false, context: Int = 3) {
        self.colored = colored
        self.highlightsWords = highlightsWords
        self.context = context
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

    /// Deleted lines then their replacement, with the words that differ highlighted. The word diff
    /// runs over the whole block, not line by line, so text that moved to another line still matches.
    private func appendReplacement(old: Range<Int>, new: Range<Int>, of diff: LineDiff, to out: inout [UInt8]) {
        let oldBlock = diff.old.range(of: old.lowerBound).lowerBound ..< diff.old.range(of: old.upperBound - 1).upperBound
        let newBlock = diff.new.range(of: new.lowerBound).lowerBound ..< diff.new.range(of: new.upperBound - 1).upperBound
        let words = WordDiff(old: Array(diff.old.bytes[oldBlock]), new: Array(diff.new.bytes[newBlock]))
        let oldChanges = words.oldChanges.map { ($0.lowerBound + oldBlock.lowerBound) ..< ($0.upperBound + oldBlock.lowerBound) }
        let newChanges = words.newChanges.map { ($0.lowerBound + newBlock.lowerBound) ..< ($0.upperBound + newBlock.lowerBound) }
        for index in old {
            appendLine(diff.old.bytes, diff.old.range(of: index), changes: oldChanges, marker: "-",
                       style: Style.removed, to: &out)
        }
        for index in new {
            appendLine(diff.new.bytes, diff.new.range(of: index), changes: newChanges, marker: "+",
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
