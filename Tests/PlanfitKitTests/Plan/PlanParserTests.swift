import Foundation
import Testing
@testable import PlanfitKit

@Suite struct PlanParserTests {
    let parser = PlanParser()

    @Test func readsTasksWithEveryAnnotation() throws {
        let text = """
            # Launch (due 2027-01-22)

            Intro prose with an email ana@example.com and C# and issue #12.

            ## Backend
            - [ ] Build the API @Ana @bo ~3d #go:strong #architecture (due 2026-12-18)
            - Migrate data @chidi ~4h #postgres after: Build the API; Set up staging
              - a detail, not a task
              - sub task @bo ~1w
            1. Numbered task ~2.5d
            """
        let plan = try parser.parse(text)
        #expect(plan.sections.map(\.title) == ["Launch", "Backend"])
        #expect(plan.sections[1].path == ["Launch", "Backend"])
        #expect(plan.tasks.count == 4)
        let api = plan.tasks[0]
        #expect(api.title == "Build the API")
        #expect(api.owners == ["ana", "bo"])
        #expect(api.estimate == Estimate(amount: 3, unit: .days))
        #expect(api.tags == [TaskTag(name: "go", minimumLevel: .strong), TaskTag(name: "architecture")])
        #expect(api.due == Day(iso: "2026-12-18"))
        #expect(api.dueIsOwn)
        #expect(api.line == 6)
        let migrate = plan.tasks[1]
        #expect(migrate.title == "Migrate data")
        #expect(migrate.dependencies == ["Build the API", "Set up staging"])
        #expect(migrate.due == Day(iso: "2027-01-22"), "inherits the due date of the enclosing heading")
        #expect(!migrate.dueIsOwn)
        #expect(plan.tasks[2].title == "sub task")
        #expect(plan.tasks[3].estimate == Estimate(amount: 2.5, unit: .days))
        #expect(plan.tasks[3].owners.isEmpty)
    }

    @Test func ignoresCodeFencesAndTables() throws {
        let text = "# A\n```\n- not a task @ana ~1d\n# not a heading\n```\n| - | x |\n~~~~\n- no\n~~~~\n- yes @bo\n"
        let plan = try parser.parse(text)
        #expect(plan.sections.map(\.title) == ["A"])
        #expect(plan.tasks.map(\.title) == ["yes"])
        #expect(plan.tasks[0].line == 10)
    }

    @Test func estimatesConvertWithTheProfile() {
        #expect(Estimate(amount: 2, unit: .days).hours(hoursPerDay: 6, workdaysPerWeek: 5) == 12)
        #expect(Estimate(amount: 1, unit: .weeks).hours(hoursPerDay: 6, workdaysPerWeek: 4) == 24)
        #expect(Estimate(amount: 5, unit: .hours).hours(hoursPerDay: 6, workdaysPerWeek: 5) == 5)
    }

    @Test func badAnnotationsNameLineAndColumn() {
        #expect(throws: PlanParseError(file: "p.md", line: 2, column: 16, message: "'2026-02-30' is not a due date; write (due YYYY-MM-DD), for example (due 2026-12-18)")) {
            try parser.parse("# A\n- Task @a (due 2026-02-30)\n", file: "p.md")
        }
        #expect(throws: PlanParseError.self) { try parser.parse("- T #go:guru\n") }
        #expect(throws: PlanParseError.self) { try parser.parse("- T ~1d ~2d\n") }
    }

    /// Issue 9: a huge estimate reached `Int(hours)` in the rules and trapped; it now stops at the parser.
    @Test func estimatesBeyondTheLimitAreParseErrors() throws {
        #expect(throws: PlanParseError(file: "p.md", line: 1, column: 10, message: "the estimate '~10000000000000000000h' is too large; an estimate is at most 100000 of its unit (h, d or w): split the task or check the number")) {
            try parser.parse("- T @ana ~10000000000000000000h\n", file: "p.md")
        }
        #expect(throws: PlanParseError(file: "p.md", line: 2, column: 5, message: "the estimate '~100001d' is too large; an estimate is at most 100000 of its unit (h, d or w): split the task or check the number")) {
            try parser.parse("# A\n- T ~100001d\n", file: "p.md")
        }
        // A 400-digit amount is infinite as a Double; the message quotes it cut short.
        #expect(throws: PlanParseError(file: "plan", line: 1, column: 5, message: "the estimate '~99999999999999999999…w' is too large; an estimate is at most 100000 of its unit (h, d or w): split the task or check the number")) {
            try parser.parse("- T ~\(String(repeating: "9", count: 400))w\n")
        }
        #expect(try parser.parse("- T ~100000w\n").tasks[0].estimate == Estimate(amount: 100_000, unit: .weeks))
    }

    @Test func roundTripsTheFixtures() throws {
        for name in ["plans/checkout-v2.md", "plans/checkout-v2-fits.md"] {
            let text = try String(contentsOfFile: CLI.fixture(name), encoding: .utf8)
            #expect(try parser.parse(text).render() == text)
        }
    }

    /// Real-world Markdown: this repository's own documents (tables, code fences, nested lists, links).
    @Test func roundTripsRealWorldMarkdown() throws {
        let root = CLI.packageRoot
        let documents = ["README.md", "prompts/README.md", "fixtures/cassettes/README.md", "docs/cache-schema.md", "docs/architecture.md"]
        var read = 0
        for name in documents {
            let url = root.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            read += 1
            #expect(try parser.parse(text, file: name).render() == text, "\(name)")
            let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
            #expect(try parser.parse(crlf, file: name).render() == crlf, "\(name) with CRLF")
        }
        #expect(read == documents.count, "every document is in the repository")
    }

    @Test func crlfLinesGiveTheSameTasksAsLF() throws {
        let lf = "# Plan (due 2026-12-18)\n- Ship it @ana ~1d #go\n- Write docs\n"
        let crlf = try parser.parse(lf.replacingOccurrences(of: "\n", with: "\r\n"))
        let plain = try parser.parse(lf)
        #expect(crlf.tasks.map(\.title) == ["Ship it", "Write docs"])
        #expect(crlf.tasks.map(\.title) == plain.tasks.map(\.title))
        #expect(crlf.tasks.map(\.text) == plain.tasks.map(\.text))
        #expect(crlf.sections.map(\.title) == plain.sections.map(\.title))
    }

    @Test func roundTripsEdgeCases() throws {
        let cases = [
            "no trailing newline @ana", "- task\r\n- crlf @bo ~1d\r\n\r\n# Ünïcødé heading 日本語\r\n", "\n\n\n",
            "# h\n\n    - indented code-ish\n\t- tab item ~1h\n", "a\rb\rc", "- \u{FEFF}bom-ish\n", "```\nunclosed fence\n- x",
            "Setext\n======\n- t @a\n", "- emoji 🚀 task @ana ~1d #go\n", "* * *\n- - -\n",
        ]
        for text in cases {
            #expect(try parser.parse(text).render() == text)
        }
    }

    /// Property: for generated Markdown mixing every construct, rendering the parse gives the same bytes.
    @Test func roundTripsGeneratedMarkdown() throws {
        var rng = SplitMix64(seed: 2026)
        let fragments = [
            "# Heading", "## Section (due 2026-12-18)", "### Deep ###", "Plain prose, with *emphasis* and `code`.",
            "- Task @ana ~3d #go", "  - nested detail", "  - nested task @bo ~4h", "1. Ordered @chidi ~1w #postgres:strong",
            "- [x] Done task @dana", "| a | b |", "|---|---|", "| - | @x |", "```swift", "let x = 1 // - not a task", "```",
            "> quote - with dash", "", "   ", "Ünïcødé ✓ — 日本語 テスト", "- after dependency after: Task", "Title\n===",
            "\t- tabbed ~2h", "<!-- comment -->", "---", "* star item @ana",
        ]
        for _ in 0..<500 {
            let count = Int.random(in: 0...30, using: &rng)
            let eol = ["\n", "\r\n"].randomElement(using: &rng)!
            var text = (0..<count).map { _ in fragments.randomElement(using: &rng)! }.joined(separator: eol)
            if Bool.random(using: &rng) { text += eol }
            #expect(try parser.parse(text).render() == text)
        }
    }

    /// Arbitrary scalar soup never crashes the parser: it parses (and round-trips) or throws a typed error.
    @Test func neverCrashesOnNoise() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("#@~-*+.():;|`\\ \t\n\r0123456789adhw-_éñ日🚀due after:x[]")
        for _ in 0..<2000 {
            let text = String((0..<Int.random(in: 0...80, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            do {
                #expect(try parser.parse(text).render() == text)
            } catch is PlanParseError {
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func fileErrors() throws {
        let dir = try TemporaryDirectory()
        #expect(throws: TextInputError(path: dir.path("e.md"), kind: .empty, line: 1, offset: 0, byte: 0)) {
            try dir.write("e.md", "")
            _ = try InputDocument.read(dir.path("e.md")).plan()
        }
        let binary = dir.path("b.md")
        try Data([0x23, 0x20, 0x00, 0x01]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: TextInputError(path: binary, kind: .binary, line: 1, offset: 2, byte: 0)) { _ = try InputDocument.read(binary).plan() }
        let latin1 = dir.path("l.md")
        try Data([0x23, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        #expect(throws: TextInputError(path: latin1, kind: .invalidUTF8, line: 1, offset: 5, byte: 0xE9)) { _ = try InputDocument.read(latin1).plan() }
        #expect(throws: FileError(path: dir.path("missing.md"), kind: .missing)) { _ = try InputDocument.read(dir.path("missing.md")).plan() }
    }
}
