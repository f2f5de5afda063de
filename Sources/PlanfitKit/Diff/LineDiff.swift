/// A line diff between two texts that reads well on prose: histogram diff (as `git diff --histogram`)
/// over interned lines, with Myers' algorithm for regions made only of frequent lines.
///
/// Lines keep their terminators, so a line that lost its final newline or changed from LF to CRLF is
/// a changed line, and applying ``edits`` to the old lines gives the new text byte for byte.
public struct LineDiff: Sendable {
    public let old: TextLines
    public let new: TextLines
    /// The edit script, in order: runs of equal, deleted and inserted lines. Adjacent runs never have
    /// the same kind, and a deletion comes before the insertion that replaces it.
    public let edits: [DiffEdit]

    public init(old: String, new: String) {
        self.init(old: TextLines(old), new: TextLines(new))
    }

    public init(old: TextLines, new: TextLines) {
        self.old = old
        self.new = new
        let interned = LineInterner(old: old, new: new)
        var changes = HistogramDiff.changes(a: interned.oldIDs, b: interned.newIDs,
                                            symbolCount: interned.distinctCount)
        let unslid = Self.editScript(oldChanged: changes.old, newChanged: changes.new)
        ChangeSliding.slideDown(&changes, edits: unslid, oldIDs: interned.oldIDs, newIDs: interned.newIDs)
        edits = Self.editScript(oldChanged: changes.old, newChanged: changes.new)
    }

    /// Whether the texts are the same bytes.
    public var isIdentical: Bool { edits.allSatisfy { $0.kind == .equal } }

    /// The changes grouped into hunks with `context` unchanged lines around each (3 as in diff -u);
    /// changes closer than twice the context share a hunk. Empty when the texts are identical.
    public func hunks(context: Int = 3) -> [DiffHunk] {
        let context = max(0, context)
        var hunks: [DiffHunk] = []
        var current: [DiffEdit] = []

        func close() {
            guard let first = current.first, let last = current.last else { return }
            hunks.append(DiffHunk(oldRange: first.oldRange.lowerBound ..< last.oldRange.upperBound,
                                  newRange: first.newRange.lowerBound ..< last.newRange.upperBound,
                                  edits: current))
            current = []
        }

        for (position, edit) in edits.enumerated() {
            guard edit.kind == .equal else {
                current.append(edit)
                continue
            }
            let isLast = position == edits.count - 1
            let length = edit.oldRange.count
            if !current.isEmpty, !isLast, length <= 2 * context {
                current.append(edit)   // a short gap between changes stays inside the hunk
                continue
            }
            if !current.isEmpty {
                let taken = min(context, length)
                current.append(edit.prefix(taken))
                close()
            }
            if !isLast {
                current.append(edit.suffix(min(context, length)))   // leading context of the next hunk
            }
        }
        close()
        return hunks.map { hunk in
            var hunk = hunk
            hunk.edits.removeAll { $0.oldRange.isEmpty && $0.newRange.isEmpty }
            return hunk
        }
    }

    static func editScript(oldChanged: [Bool], newChanged: [Bool]) -> [DiffEdit] {
        var edits: [DiffEdit] = []
        var i = 0, j = 0
        let n = oldChanged.count, m = newChanged.count
        while i < n || j < m {
            if i < n, oldChanged[i] {
                let start = i
                while i < n, oldChanged[i] { i += 1 }
                edits.append(DiffEdit(kind: .delete, oldRange: start ..< i, newRange: j ..< j))
            } else if j < m, newChanged[j] {
                let start = j
                while j < m, newChanged[j] { j += 1 }
                edits.append(DiffEdit(kind: .insert, oldRange: i ..< i, newRange: start ..< j))
            } else {
                let oldStart = i, newStart = j
                while i < n, j < m, !oldChanged[i], !newChanged[j] { i += 1; j += 1 }
                edits.append(DiffEdit(kind: .equal, oldRange: oldStart ..< i, newRange: newStart ..< j))
            }
        }
        return edits
    }
}

extension DiffEdit {
    /// The first `count` lines of an equal run.
    func prefix(_ count: Int) -> DiffEdit {
        DiffEdit(kind: kind, oldRange: oldRange.lowerBound ..< oldRange.lowerBound + count,
                 newRange: newRange.lowerBound ..< newRange.lowerBound + count)
    }

    /// The last `count` lines of an equal run.
    func suffix(_ count: Int) -> DiffEdit {
        DiffEdit(kind: kind, oldRange: oldRange.upperBound - count ..< oldRange.upperBound,
                 newRange: newRange.upperBound - count ..< newRange.upperBound)
    }
}
