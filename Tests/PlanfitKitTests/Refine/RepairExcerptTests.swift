import Foundation
import Testing
@testable import PlanfitKit

/// Issue 9 item 3: a repair turn quotes a bounded excerpt of a bad answer, never the whole.
@Suite struct RepairExcerptTests {
    @Test func shortAnswersAreQuotedWhole() {
        #expect(repairExcerpt("{\"plan\": \"x\"}") == "{\"plan\": \"x\"}")
        let exact = String(repeating: "a", count: repairExcerptBytes)
        #expect(repairExcerpt(exact) == exact)
    }

    @Test func longAnswersAreCutWithAMarkerAtACharacterBoundary() {
        // 3-byte characters: the cut must not split one.
        let answer = String(repeating: "€", count: 50_000)
        let excerpt = repairExcerpt(answer)
        let kept = (repairExcerptBytes / 3) * 3
        #expect(excerpt.hasPrefix(String(repeating: "€", count: kept / 3) + "\n[... "))
        #expect(excerpt.hasSuffix("[... \(150_000 - kept) more bytes of this answer left out ...]"))
        #expect(excerpt.utf8.count < repairExcerptBytes + 100)
    }
}
