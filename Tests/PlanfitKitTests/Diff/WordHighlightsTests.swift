import Testing
@testable import PlanfitKit

/// `--word` pairs the lines of a change before diffing words, and stays linear in the size of the diff
/// (issue 9 item 2, issue 10 item 6).
@Suite struct WordHighlightsTests {
    private func words(_ old: String, _ new: String, limits: WordDiffLimits = WordDiffLimits()) -> String {
        DiffTextRenderer(colored: false, highlightsWords: true, wordLimits: limits)
            .render(LineDiff(old: old, new: new), oldLabel: "o", newLabel: "n")
    }

    // MARK: Pairing

    @Test func anEditedLineIsPairedWithItsNewVersionNotWithTheLineInsertedBeforeIt() {
        let text = words("# Plan\n- Build the API @ana ~3d\n- Write the docs @ana ~1d\n- Ship\n",
                         "# Plan\n- Build the API @ben ~3d\nSome new prose paragraph here.\n- Write the guide @ana ~1d\n- Ship\n")
        #expect(text == """
            --- o
            +++ n
            @@ -1,4 +1,5 @@
             # Plan
            -- Build the API @[-ana-] ~3d
            -- Write the [-docs-] @ana ~1d
            +- Build the API @{+ben+} ~3d
            +Some new prose paragraph here.
            +- Write the {+guide+} @ana ~1d
             - Ship

            """)
    }

    @Test func twoLinesJoinedIntoOneHighlightOnlyTheWordsThatChanged() {
        // The line break and the continuation's indentation became one space: not a change.
        let old = "# Plan\nThe ledger migration needs a dry run\n  before we switch traffic.\n- Docs @ana ~1d\n"
        let new = "# Plan\nThe ledger migration needs a full dry run before we switch traffic.\n- Docs @ana ~1d\n"
        #expect(words(old, new) == """
            --- o
            +++ n
            @@ -1,4 +1,3 @@
             # Plan
            -The ledger migration needs a dry run
            -  before we switch traffic.
            +The ledger migration needs a {+full +}dry run before we switch traffic.
             - Docs @ana ~1d

            """)
        // The same change the other way is a split.
        #expect(words(new, old) == """
            --- o
            +++ n
            @@ -1,3 +1,4 @@
             # Plan
            -The ledger migration needs a [-full -]dry run before we switch traffic.
            +The ledger migration needs a dry run
            +  before we switch traffic.
             - Docs @ana ~1d

            """)
    }

    @Test func twoEditedTasksJoinedIntoOne() {
        let text = words("## Phase 1\n- Build the payment API @bo ~3d\n- Add idempotency keys to it @bo ~1d\n- Write the runbook @ana ~1d\n",
                         "## Phase 1\n- Build the payment API with idempotency keys @bo ~4d\n- Write the runbook @ana ~1d\n")
        #expect(text == """
            --- o
            +++ n
            @@ -1,4 +1,3 @@
             ## Phase 1
            -- Build the payment API [-@bo ~3d-]
            -[-- Add-] idempotency keys [-to it -]@bo ~[-1d-]
            +- Build the payment API {+with+} idempotency keys @bo ~{+4d+}
             - Write the runbook @ana ~1d

            """)
    }

    @Test func aTaskSplitInTwo() {
        let text = words("## Phase 1\n- Migrate the ledger and switch traffic @ana ~4d\n- Review @cy\n",
                         "## Phase 1\n- Migrate the ledger @ana ~3d\n- Switch traffic @ana ~1d\n- Review @cy\n")
        // Both new lines belong to the old one: no new line is shown as wholly inserted.
        #expect(text == """
            --- o
            +++ n
            @@ -1,3 +1,4 @@
             ## Phase 1
            -- Migrate the ledger [-and switch-] traffic @ana ~[-4d-]
            +- Migrate the ledger {+@ana ~3d+}
            +{+- Switch+} traffic @ana ~{+1d+}
             - Review @cy

            """)
    }

    @Test func aCRLFJoinReadsTheBreakAsASpace() {
        let text = words("a b c\r\nd e f\r\n", "a b c d e f\r\n")
        #expect(text == "--- o\n+++ n\n@@ -1,2 +1 @@\n-a b c\r\n-d e f\r\n+a b c d e f\r\n")
    }

    @Test func pairingKeepsOrderAndFindsJoinsAndSplits() {
        // Word ids, sorted per line. Old 0 and 1 were joined into new 0; old 2 was deleted; old 3 was
        // split into new 1 and 2; new 3 is new.
        let pairing = LinePairing(old: [[1, 2, 3, 4], [5, 6, 7], [20, 21, 22], [8, 9, 10, 11, 12, 13]],
                                  new: [[1, 2, 3, 4, 5, 6, 7], [8, 9, 10], [11, 12, 13], [30, 31]])
        #expect(pairing.groups == [
            LinePairing.Group(old: 0 ..< 2, new: 0 ..< 1),
            LinePairing.Group(old: 3 ..< 4, new: 1 ..< 3),
        ])
    }

    @Test func linesWithLittleInCommonStayUnpaired() {
        let pairing = LinePairing(old: [[1, 2, 3, 4], [5, 6]], new: [[1, 7, 8, 9], [10, 11]])
        #expect(pairing.groups.isEmpty)
        // A join that shares no more words than one of its lines alone is just an edit of that line.
        let edit = LinePairing(old: [[1, 2, 3], [1]], new: [[1, 2, 3, 4]])
        #expect(edit.groups == [LinePairing.Group(old: 0 ..< 1, new: 0 ..< 1)])
    }

    @Test func highlightingOnlyMarksTheLinesOfThePlainDiff() {
        // Without its markers a word diff is the line diff: pairing never moves, drops or repeats text.
        var rng = SplitMix64(seed: 9)
        for _ in 0 ..< 300 {
            let (old, new) = DiffSamples.randomPair(using: &rng, maxLines: 30)
            let diff = LineDiff(old: old, new: new)
            let plain = DiffTextRenderer().render(diff, oldLabel: "o", newLabel: "n")
            var marked = DiffTextRenderer(highlightsWords: true).render(diff, oldLabel: "o", newLabel: "n")
            for marker in ["[-", "-]", "{+", "+}"] { marked = marked.replacingOccurrences(of: marker, with: "") }
            #expect(marked == plain, "\(old.debugDescription) -> \(new.debugDescription)")
        }
    }

    // MARK: Bounded work

    /// Lines of `wordsPerLine` words drawn from a small vocabulary, so every line shares words with
    /// every other, as the lines of a plan do.
    private static func lines(_ count: Int, wordsPerLine: Int = 50, seed: UInt64) -> String {
        let vocabulary = ["the", "ledger", "migration", "needs", "a", "dry", "run", "before", "we", "switch",
                          "traffic", "and", "every", "change", "is", "reviewed", "by", "second", "engineer"]
        var rng = SplitMix64(seed: seed)
        return (0 ..< count).map { _ in
            "-" + (0 ..< wordsPerLine).map { _ in " " + vocabulary.randomElement(using: &rng)! }.joined() + "\n"
        }.joined()
    }

    @Test func anOversizedChangeFallsBackToTheLineDiffWithANote() {
        // Issue 9's case: 800 lines of 50 words replaced by 30 lines took 26 s when word-diffed whole.
        let old = Self.lines(800, seed: 1), new = Self.lines(30, seed: 2)
        let diff = LineDiff(old: old, new: new)
        let plain = DiffTextRenderer().render(diff, oldLabel: "o", newLabel: "n")
        let text = DiffTextRenderer(highlightsWords: true).render(diff, oldLabel: "o", newLabel: "n")
        let note = "\\ word highlighting skipped for a change of 830 lines; showing the line diff\n"
        #expect(text == plain.replacingOccurrences(of: "@@ -1,800 +1,30 @@\n", with: "@@ -1,800 +1,30 @@\n" + note))

        let region = RegionHighlights(old: diff.old, lines: 0 ..< 800, new: diff.new, lines: 0 ..< 30)
        #expect(region.notes == ["word highlighting skipped for a change of 830 lines; showing the line diff"])
        #expect(region.operations == 0)
        #expect(region.old.allSatisfy(\.isEmpty) && region.new.allSatisfy(\.isEmpty))

        let colored = DiffTextRenderer(colored: true, highlightsWords: true).render(diff, oldLabel: "o", newLabel: "n")
        #expect(colored.contains("\u{1B}[36m\\ word highlighting skipped for a change of 830 lines; showing the line diff\u{1B}[0m\n"))
    }

    @Test func belowTheCutOffWordsAreHighlightedInTimeLinearInTheChange() {
        // 100 and 200 lines of 50 words replaced by 30: twice the old lines, about twice the work.
        var operations: [Int] = []
        for count in [100, 200] {
            let diff = LineDiff(old: Self.lines(count, seed: 1), new: Self.lines(30, seed: 2))
            let region = RegionHighlights(old: diff.old, lines: 0 ..< count, new: diff.new, lines: 0 ..< 30)
            #expect(region.notes.isEmpty)
            #expect(region.new.filter { !$0.isEmpty }.count >= 25, "most new lines are paired and highlighted")
            operations.append(region.operations)
        }
        #expect(Double(operations[1]) / Double(operations[0]) < 2.5, "operations: \(operations)")
        // Linear, with the line cut-off in the constant: pairing compares each word with every line on
        // the other side, three times (edits, joins, splits), and a region has at most that many lines.
        let words = 230 * 51
        #expect(operations[1] < 3 * WordDiffLimits().maxRegionLines * words, "operations: \(operations)")
    }

    @Test func aLinePairBeyondTheWordLimitIsShownWithoutHighlights() {
        let limits = WordDiffLimits(maxPairWords: 12)
        let text = words("# Plan\n- Build the payment intent API @ana ~3d\n- Docs @ana\n\n- Ship\n",
                         "# Plan\n- Build the payment intent API @ben ~3d\n- Guide @ana\n\n- Ship\n", limits: limits)
        // The first pair has 20 words and punctuation marks; the second, 6, is still highlighted.
        #expect(text == "--- o\n+++ n\n@@ -1,5 +1,5 @@\n # Plan\n"
            + "\\ word highlighting skipped for a change of 20 words; showing the line diff\n"
            + "-- Build the payment intent API @ana ~3d\n-- [-Docs-] @ana\n"
            + "+- Build the payment intent API @ben ~3d\n+- {+Guide+} @ana\n \n - Ship\n")
    }

    @Test func aRegionBeyondTheWordLimitIsShownWithoutHighlights() {
        let text = words("- a b c d\n- e f\n", "- a b c x\n- e g\n", limits: WordDiffLimits(maxRegionWords: 9))
        #expect(text.contains("\\ word highlighting skipped for a change of 4 lines; showing the line diff\n-- a b c d\n"))
        #expect(!text.contains("[-") && !text.contains("{+"))
        #expect(words("- a b c d\n- e f\n", "- a b c x\n- e g\n").contains("-- a b c [-d-]\n"))
    }
}
