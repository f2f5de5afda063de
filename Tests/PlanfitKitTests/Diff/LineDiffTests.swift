import Testing
@testable import PlanfitKit

@Suite struct LineDiffTests {
    @Test func applyingTheEditScriptToOldGivesNew() {
        var rng = SplitMix64(seed: 2026)
        for _ in 0 ..< 400 {
            let (old, new) = DiffSamples.randomPair(using: &rng, maxLines: 40)
            let diff = LineDiff(old: old, new: new)
            #expect(DiffSamples.apply(diff) == new, "old: \(old.debugDescription) new: \(new.debugDescription)")
            #expect(diff.isIdentical == (old == new))
        }
    }

    @Test func unrelatedRandomTextsAlsoRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for _ in 0 ..< 300 {
            let old = DiffSamples.randomText(using: &rng, maxLines: 30)
            let new = DiffSamples.randomText(using: &rng, maxLines: 30)
            #expect(DiffSamples.apply(LineDiff(old: old, new: new)) == new)
        }
    }

    @Test func editScriptIsWellFormed() {
        var rng = SplitMix64(seed: 99)
        for _ in 0 ..< 200 {
            let (old, new) = DiffSamples.randomPair(using: &rng, maxLines: 30)
            let diff = LineDiff(old: old, new: new)
            var oldPosition = 0, newPosition = 0
            for (index, edit) in diff.edits.enumerated() {
                #expect(edit.oldRange.lowerBound == oldPosition && edit.newRange.lowerBound == newPosition)
                oldPosition = edit.oldRange.upperBound
                newPosition = edit.newRange.upperBound
                if index > 0 { #expect(diff.edits[index - 1].kind != edit.kind) }
                switch edit.kind {
                case .equal:
                    #expect(edit.oldRange.count == edit.newRange.count)
                    for (o, n) in zip(edit.oldRange, edit.newRange) { #expect(diff.old[o] == diff.new[n]) }
                case .delete: #expect(edit.newRange.isEmpty && !edit.oldRange.isEmpty)
                case .insert: #expect(edit.oldRange.isEmpty && !edit.newRange.isEmpty)
                }
            }
            #expect(oldPosition == diff.old.count && newPosition == diff.new.count)
        }
    }

    @Test func linesKeepTheirTerminators() {
        let diff = LineDiff(old: "a\r\nb\nc", new: "a\nb\nc\n")
        #expect(diff.old.linesAsStrings == ["a\r\n", "b\n", "c"])
        #expect(diff.edits.map(\.kind) == [.delete, .insert, .equal, .delete, .insert])
        #expect(DiffSamples.apply(diff) == "a\nb\nc\n")
    }

    @Test func emptyAndIdenticalInputs() {
        #expect(LineDiff(old: "", new: "").isIdentical)
        #expect(LineDiff(old: "", new: "").hunks().isEmpty)
        #expect(LineDiff(old: "same\n", new: "same\n").hunks().isEmpty)
        #expect(LineDiff(old: "", new: "x\ny\n").edits == [DiffEdit(kind: .insert, oldRange: 0 ..< 0, newRange: 0 ..< 2)])
        #expect(LineDiff(old: "x\ny", new: "").edits == [DiffEdit(kind: .delete, oldRange: 0 ..< 2, newRange: 0 ..< 0)])
        #expect(!LineDiff(old: "x", new: "x\n").isIdentical)
    }

    /// A moved paragraph must come out as one deleted block and one inserted block, not as lines
    /// interleaved with the blank lines around it (what a plain Myers diff does on prose).
    @Test func movedParagraphStaysInOnePiece() {
        let intro = "# Plan\n\nWe ship the payments API in December.\nThe team is small.\n\n"
        let moved = "## Risks\n\nThe ledger migration is the riskiest part.\nIt needs a dry run first.\n\n"
        let middle = "## Tasks\n\n- Build the API @ana ~3d #go\n- Write the docs @ben ~1d\n\n"
        let end = "## Notes\n\nReview every change.\n"
        let diff = LineDiff(old: intro + moved + middle + end, new: intro + middle + moved + end)
        let changes = diff.edits.filter { $0.kind != .equal }
        #expect(changes.count == 2, "changes: \(changes)")
        let movedLines = TextLines(moved).count
        #expect(changes.map { max($0.oldRange.count, $0.newRange.count) } == [movedLines, movedLines])
        #expect(DiffSamples.apply(diff) == intro + middle + moved + end)
    }

    @Test func insertedSectionIsOneInsertion() {
        var sections: [String] = []
        for number in 1 ... 8 {
            sections.append("## Section \(number)\n\n- Task \(number) @ana ~2d #go\n\nSome prose.\n\n")
        }
        let old = sections.joined()
        var newSections = sections
        newSections.insert("## Section new\n\n- Added task @ben ~1d #docs\n\nSome prose.\n\n", at: 4)
        let diff = LineDiff(old: old, new: newSections.joined())
        let changes = diff.edits.filter { $0.kind != .equal }
        #expect(changes.count == 1)
        #expect(changes.first?.kind == .insert)
        #expect(changes.first?.newRange.count == 6)
    }

    /// Equally short diffs are slid down as git does: a removed heading takes the blank line after it,
    /// and an inserted paragraph brings its own blank line after it.
    @Test func groupsSlideDownToKeepBlankLinesAfterTheirBlock() {
        let removed = LineDiff(old: "Intro.\n\n## Old section\n\nText.\n", new: "Intro.\n\nText.\n")
        #expect(removed.edits.filter { $0.kind != .equal } == [DiffEdit(kind: .delete, oldRange: 2 ..< 4, newRange: 2 ..< 2)])
        let inserted = LineDiff(old: "A.\n\nB.\n", new: "A.\n\nNew paragraph.\n\nB.\n")
        #expect(inserted.edits.filter { $0.kind != .equal } == [DiffEdit(kind: .insert, oldRange: 2 ..< 2, newRange: 2 ..< 4)])
        #expect(DiffSamples.apply(removed) == "Intro.\n\nText.\n")
        #expect(DiffSamples.apply(inserted) == "A.\n\nNew paragraph.\n\nB.\n")
    }

    @Test func hunksCarryContextAndMergeNearbyChanges() {
        let old = (1 ... 20).map { "line \($0)\n" }.joined()
        var lines = (1 ... 20).map { "line \($0)\n" }
        lines[4] = "changed 5\n"     // close to the next change: one hunk
        lines[8] = "changed 9\n"
        lines[18] = "changed 19\n"   // far away: its own hunk
        let diff = LineDiff(old: old, new: lines.joined())
        let hunks = diff.hunks()
        #expect(hunks.map(\.header) == ["@@ -2,11 +2,11 @@", "@@ -16,5 +16,5 @@"])
        #expect(diff.hunks(context: 0).map(\.header) == ["@@ -5 +5 @@", "@@ -9 +9 @@", "@@ -19 +19 @@"])
        #expect(diff.hunks(context: 10).count == 1)
    }

    @Test func hunkHeadersForInsertionsAtTheTopAndIntoEmptyText() {
        #expect(LineDiff(old: "", new: "a\n").hunks().map(\.header) == ["@@ -0,0 +1 @@"])
        #expect(LineDiff(old: "a\n", new: "").hunks().map(\.header) == ["@@ -1 +0,0 @@"])
        #expect(LineDiff(old: "b\nc\n", new: "a\nb\nc\n").hunks(context: 0).map(\.header) == ["@@ -0,0 +1 @@"])
    }

    /// Myers' algorithm (the fallback) must find a shortest edit script: compare with the LCS length.
    @Test func myersFallbackIsMinimal() {
        var rng = SplitMix64(seed: 5)
        for _ in 0 ..< 300 {
            let a = (0 ..< Int.random(in: 0 ... 25, using: &rng)).map { _ in Int32.random(in: 0 ..< 4, using: &rng) }
            let b = (0 ..< Int.random(in: 0 ... 25, using: &rng)).map { _ in Int32.random(in: 0 ..< 4, using: &rng) }
            var oldChanged = [Bool](repeating: false, count: a.count)
            var newChanged = [Bool](repeating: false, count: b.count)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var myers = MyersDiff(a: a, b: b)
                    myers.mark(aRange: 0 ..< a.count, bRange: 0 ..< b.count, oldChanged: &oldChanged, newChanged: &newChanged)
                }
            }
            let kept = zip(a.indices.filter { !oldChanged[$0] }, b.indices.filter { !newChanged[$0] })
            #expect(a.indices.filter { !oldChanged[$0] }.count == b.indices.filter { !newChanged[$0] }.count)
            #expect(kept.allSatisfy { a[$0.0] == b[$0.1] })
            #expect(a.count - oldChanged.filter { !$0 }.count == a.count - lcsLength(a, b))
        }
    }

    /// Frequent lines only (every line occurs more than 64 times) take the Myers path; the result must
    /// still turn old into new.
    @Test func regionsOfFrequentLinesFallBackAndStayCorrect() {
        var rng = SplitMix64(seed: 11)
        let old = (0 ..< 400).map { _ in ["\n", "---\n"].randomElement(using: &rng)! }.joined()
        let new = (0 ..< 400).map { _ in ["\n", "---\n"].randomElement(using: &rng)! }.joined()
        #expect(DiffSamples.apply(LineDiff(old: old, new: new)) == new)
    }

    private func lcsLength(_ a: [Int32], _ b: [Int32]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}
