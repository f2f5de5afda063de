/// Slides each pure insertion or deletion down as far as the lines allow, as git does, so that
/// equally short diffs come out the same way every time and read naturally on Markdown: when a
/// paragraph or a heading goes, the blank line that goes with it is the one after it, not before.
///
/// A group slides down one line when its first line equals the line just after it; the result is the
/// same text change. It never slides into the next change, so hunks keep their shape.
enum ChangeSliding {
    static func slideDown(_ changes: inout (old: [Bool], new: [Bool]), edits: [DiffEdit],
                          oldIDs: [Int32], newIDs: [Int32]) {
        for (index, edit) in edits.enumerated() where edit.kind != .equal {
            let previousIsOpposite = index > 0 && edits[index - 1].kind != .equal
            guard !previousIsOpposite, index + 1 < edits.count, edits[index + 1].kind == .equal else { continue }
            let following = edits[index + 1].oldRange.count
            let isLastGroup = index + 2 == edits.count
            let limit = isLastGroup ? following : following - 1
            let range = edit.kind == .delete ? edit.oldRange : edit.newRange
            var shift = 0
            if edit.kind == .delete {
                while shift < limit, oldIDs[range.lowerBound + shift] == oldIDs[range.upperBound + shift] { shift += 1 }
                for offset in 0 ..< shift {
                    changes.old[range.lowerBound + offset] = false
                    changes.old[range.upperBound + offset] = true
                }
            } else {
                while shift < limit, newIDs[range.lowerBound + shift] == newIDs[range.upperBound + shift] { shift += 1 }
                for offset in 0 ..< shift {
                    changes.new[range.lowerBound + offset] = false
                    changes.new[range.upperBound + offset] = true
                }
            }
        }
    }
}
