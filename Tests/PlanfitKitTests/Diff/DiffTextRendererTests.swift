import Testing
@testable import PlanfitKit

@Suite struct DiffTextRendererTests {
    let diff = LineDiff(old: "# Plan\n- Build the API @ana ~3d\n- Docs\n", new: "# Plan\n- Build the API @ben ~3d\n- Docs\n")

    @Test func plainTextWithoutColour() {
        let text = DiffTextRenderer(colored: false).render(diff, oldLabel: "old.md", newLabel: "new.md")
        #expect(text == """
            --- old.md
            +++ new.md
            @@ -1,3 +1,3 @@
             # Plan
            -- Build the API @ana ~3d
            +- Build the API @ben ~3d
             - Docs

            """)
        #expect(!text.contains("\u{1B}"))
    }

    @Test func colourWhenAsked() {
        let text = DiffTextRenderer(colored: true).render(diff, oldLabel: "old.md", newLabel: "new.md")
        #expect(text.contains("\u{1B}[31m-- Build the API @ana ~3d\u{1B}[0m\n"))
        #expect(text.contains("\u{1B}[32m+- Build the API @ben ~3d\u{1B}[0m\n"))
        #expect(text.contains("\u{1B}[36m@@ -1,3 +1,3 @@\u{1B}[0m\n"))
    }

    @Test func wordHighlightingWithoutColourUsesMarkers() {
        let text = DiffTextRenderer(colored: false, highlightsWords: true).render(diff, oldLabel: "o", newLabel: "n")
        #expect(text.contains("\n-- Build the API @[-ana-] ~3d\n+- Build the API @{+ben+} ~3d\n"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func wordHighlightingWithColourReversesChangedWords() {
        let text = DiffTextRenderer(colored: true, highlightsWords: true).render(diff, oldLabel: "o", newLabel: "n")
        #expect(text.contains("\u{1B}[31m-- Build the API @\u{1B}[7mana\u{1B}[27m ~3d\u{1B}[0m\n"))
        #expect(text.contains("\u{1B}[32m+- Build the API @\u{1B}[7mben\u{1B}[27m ~3d\u{1B}[0m\n"))
    }

    @Test func missingFinalNewlineIsShown() {
        let text = DiffTextRenderer().render(LineDiff(old: "a\n", new: "a"), oldLabel: "o", newLabel: "n")
        #expect(text.hasSuffix("-a\n+a\n\\ No newline at end of file\n"))
    }

    @Test func identicalInputRendersNothing() {
        #expect(DiffTextRenderer(colored: true, highlightsWords: true).render(LineDiff(old: "x\n", new: "x\n"), oldLabel: "o", newLabel: "n") == "")
    }
}
