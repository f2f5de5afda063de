import Testing
@testable import ArgumentKit

/// A command's discussion is written in source with line breaks for the editor's sake; help rejoins each
/// paragraph so it wraps to the terminal, and keeps indented lines (examples) as written.
@Suite struct HelpParagraphTests {
    @Test func linesOfAParagraphJoinAndIndentedLinesStay() {
        let text = "Rules: one, two,\nthree and four.\n\nRun it like this:\n\n  planfit check plan.md\n  git apply x\nThen read."
        #expect(HelpText.paragraphs(text) == [
            "Rules: one, two, three and four.", "", "Run it like this:", "", "  planfit check plan.md", "  git apply x",
            "Then read.",
        ])
    }
}
