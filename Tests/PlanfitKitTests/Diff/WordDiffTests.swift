import Testing
@testable import PlanfitKit

@Suite struct WordDiffTests {
    private func changedText(_ diff: WordDiff, old: String, new: String) -> (old: [String], new: [String]) {
        let oldBytes = Array(old.utf8), newBytes = Array(new.utf8)
        return (diff.oldChanges.map { String(decoding: oldBytes[$0], as: UTF8.self) },
                diff.newChanges.map { String(decoding: newBytes[$0], as: UTF8.self) })
    }

    @Test func aReplacedWordIsTheOnlyChange() {
        let old = "- Build the API @ana ~3d #go\n", new = "- Build the API @ben ~3d #go\n"
        let changed = changedText(WordDiff(old: old, new: new), old: old, new: new)
        #expect(changed.old == ["ana"])
        #expect(changed.new == ["ben"])
    }

    @Test func tokensAreWordsSpacesAndPunctuation() {
        let bounds = WordDiff.tokenBounds(Array("a  b,c\r\nd".utf8))
        let tokens = zip(bounds, bounds.dropFirst()).map { String(decoding: Array("a  b,c\r\nd".utf8)[$0 ..< $1], as: UTF8.self) }
        #expect(tokens == ["a", "  ", "b", ",", "c", "\r\n", "d"])
    }

    @Test func aReplacedPhraseIsOneHighlight() {
        let old = "The quick brown fox jumps.", new = "The slow red fox jumps."
        let changed = changedText(WordDiff(old: old, new: new), old: old, new: new)
        #expect(changed.old == ["quick brown"])
        #expect(changed.new == ["slow red"])
    }

    @Test func nonASCIIWordsAreNeverSplit() {
        let old = "Café crème ~2d", new = "Café brûlée ~2d"
        let changed = changedText(WordDiff(old: old, new: new), old: old, new: new)
        #expect(changed.old == ["crème"])
        #expect(changed.new == ["brûlée"])
    }

    @Test func insertedWordsOnlyChangeTheNewSide() {
        let old = "Ship the API.", new = "Ship the payments API today."
        let changed = changedText(WordDiff(old: old, new: new), old: old, new: new)
        #expect(changed.old.isEmpty)
        #expect(changed.new == ["payments ", " today"])
    }

    @Test func identicalTextHasNoChanges() {
        let diff = WordDiff(old: "same words\r\n", new: "same words\r\n")
        #expect(diff.oldChanges.isEmpty && diff.newChanges.isEmpty)
    }
}
