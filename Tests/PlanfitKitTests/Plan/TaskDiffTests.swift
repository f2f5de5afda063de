import Foundation
import Testing
@testable import PlanfitKit

@Suite struct TaskDiffTests {
    func diff(_ a: String, _ b: String) throws -> TaskDiff {
        TaskDiff(old: try PlanParser().parse(a), new: try PlanParser().parse(b))
    }

    @Test func identicalPlansHaveNoTaskChanges() throws {
        let text = try String(contentsOfFile: CLI.fixture("plans/checkout-v2.md"), encoding: .utf8)
        #expect(try diff(text, text).isEmpty)
        #expect(TaskDiffReport(diff: try diff(text, text)).text().isEmpty)
    }

    @Test func reportsFieldChangesAndMoves() throws {
        let d = try diff("""
            # One
            - Build the payment API @bo ~10d #go:strong
            - Write docs @ana ~1d
            # Two
            - Kafka publisher @ana ~5d #kafka
            - Port to Kotlin @bo ~5d #kotlin
            """, """
            # One
            - Build the payment API in Go @ana ~6d #go:strong (due 2026-12-18)
            - Write docs @ana ~1d
            - Kafka publisher @ana ~5d #kafka
            # Two
            - Write the runbook @bo ~1d
            """)
        #expect(d.added.map(\.task.title) == ["Write the runbook"])
        #expect(d.removed.map(\.task.title) == ["Port to Kotlin"])
        #expect(d.modified.count == 2)
        let api = try #require(d.modified.first { $0.new.title.hasPrefix("Build") })
        #expect(api.changes.map(\.field) == [.title, .owners, .estimate, .due])
        #expect(api.changes.first { $0.field == .owners } == TaskDiff.Change(field: .owners, old: "@bo", new: "@ana"))
        #expect(api.changes.first { $0.field == .estimate } == TaskDiff.Change(field: .estimate, old: "~10d", new: "~6d"))
        #expect(d.moved.map(\.new.title) == ["Kafka publisher"])
        #expect(d.moved.first?.changes == [TaskDiff.Change(field: .section, old: "Two", new: "One")])
    }

    @Test func dissimilarTitlesAreNotMatched() throws {
        let d = try diff("- Write the launch runbook @a ~1d\n", "- Migrate saved cards @a ~1d\n")
        #expect(d.added.count == 1 && d.removed.count == 1 && d.modified.isEmpty)
    }

    @Test func jsonAndTextOnTheFixtures() throws {
        let old = try InputDocument.read(CLI.fixture("plans/checkout-v2.md")).plan()
        let new = try InputDocument.read(CLI.fixture("plans/checkout-v2-fits.md")).plan()
        let report = TaskDiffReport(diff: TaskDiff(old: old, new: new))
        let text = report.text()
        #expect(text.contains("- Port the fraud checks to Kotlin"))
        #expect(text.contains("owners: @bo -> @ana"))
        let json = report.json
        #expect(json["summary"]?["removed"]?.intValue == report.diff.removed.count)
        #expect(json["moved"]?.arrayValue?.contains { $0["title"]?.stringValue == "Write the Kafka event publisher" } == true)
    }
}

/// The title tokens feed task matching in every diff and report: the fast paths must give exactly what
/// the plain definition gives (here, written out), for ASCII and non-ASCII titles alike.
@Suite struct TitleSimilarityTests {
    static func referenceNormalise(_ title: String) -> String {
        title.lowercased().unicodeScalars.map { $0.isAlphanumeric ? String($0) : " " }.joined()
            .split(separator: " ").joined(separator: " ")
    }

    static func referenceTrigrams(_ title: String) -> Set<String> {
        let chars = Array(" \(referenceNormalise(title)) ")
        var trigrams: Set<String> = []
        if chars.count >= 3 { for k in 0...(chars.count - 3) { trigrams.insert(String(chars[k..<k + 3])) } }
        return trigrams
    }

    @Test func tokensMatchTheirDefinition() {
        var rng = SplitMix64(seed: 31)
        let pieces = ["Build", " the", " API", "  ", "-", "#go", "é", "e\u{301}", "Ünïcødé", "日本", "🙂", "v2", "(", ")", ".", "\t", "ǅ", "١٢"]
        var titles = ["", " ", "---", "a", "ab", "Write the launch runbook"]
        for _ in 0..<400 {
            titles.append((0..<Int.random(in: 1...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        for title in titles {
            #expect(TitleSimilarity.normalise(title) == Self.referenceNormalise(title), "\(title.debugDescription)")
            #expect(TitleSimilarity.tokens(title).trigrams == Self.referenceTrigrams(title), "\(title.debugDescription)")
        }
    }
}
