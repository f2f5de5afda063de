import Foundation
import Testing
@testable import ArgumentKit

@Suite struct ManualPageTests {
    static var page: String { ManualPage(tool: SampleTool.root, version: "1.2.3", date: (2025, 3, 9)).text }

    /// A linter for the page: mandoc's (installed if it can be), else groff's warnings.
    static let linter: [String]? = {
        if let mandoc = Programs.ensure("mandoc", package: "mandoc") { return [mandoc, "-T", "lint", "-W", "all"] }
        if let groff = Programs.ensure("groff", package: "groff-base") { return [groff, "-mandoc", "-ww", "-z"] }
        return nil
    }()

    @Test(.enabled(if: linter != nil, "neither mandoc nor groff is installed, and neither could be"))
    func theLinterFindsNothingToSay() throws {
        let folder = try Programs.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let linter = try #require(Self.linter)
        // The sample tool, and a tool that is a single command (no COMMANDS section, no --version).
        let single = ManualPage(tool: CommandTree(CheckCommand.self), version: "0.1", date: (2024, 12, 31)).text
        for (name, page) in [("tool.1", Self.page), ("check.1", single)] {
            let file = folder.appendingPathComponent(name)
            try page.write(to: file, atomically: true, encoding: .utf8)
            let r = try Programs.run(linter + [file.path])
            #expect(r.status == 0, "\(name): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.isEmpty && r.stderr.isEmpty, "\(name): \(r.stdout)\(r.stderr)")
        }
        #expect(!single.contains(".Sh COMMANDS") && !single.contains("Fl -version"))
        #expect(single.contains("\nIts arguments and options:\n.Bl -tag -width Ds\n.It Ar plan\n"))
        #expect(Self.page.contains("\nThe options of\n.Nm\nitself:\n.Bl -tag -width Ds\n.It Fl -version\n"))
        #expect(single.contains(".Sh SYNOPSIS\n.Nm\n.Ar plan\n.Fl -team Ar file\n.Op Ar options\n.Sh DESCRIPTION\n"))
    }

    /// The lint above must be able to fail: a page with the faults the generator avoids is reported.
    @Test(.enabled(if: linter != nil, "neither mandoc nor groff is installed, and neither could be"))
    func theLinterReportsAFaultyPage() throws {
        let folder = try Programs.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tool.1")
        try Self.page.replacingOccurrences(of: ".Pp\n", with: "\n").appending(".Xx unknown macro\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try Programs.run(try #require(Self.linter) + [file.path])
        #expect(!(r.stdout + r.stderr).isEmpty)
    }

    @Test func theHeaderNamesTheToolTheSectionAndTheDate() {
        let lines = Self.page.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(6) == [".Dd March 9, 2025", ".Dt TOOL 1", ".Os", ".Sh NAME", ".Nm tool",
                                    ".Nd \\&Fit a plan to a team [sample]: a test's tool"])
    }

    @Test func everyVisibleCommandAndOptionIsThereAndTheHiddenOneIsNot() {
        let page = Self.page
        for command in ["check", "fit", "cache", "prune", "clear"] {
            #expect(page.contains("Cm \(command)"), "\(command)")
        }
        #expect(page.contains(".It Nm Cm cache Cm prune Op Ar options\nRemove old entries.\n"))
        for option in ["Fl t , Fl -team Ar file", "Fl f , Fl -format Ar format", "Fl -seed Ar n", "Fl o , Fl -output Ar file",
                       "Fl -replay Ar folder", "Fl s , Fl -strict", "Fl q , Fl -quiet", "Fl v , Fl -verbose",
                       "Fl -fail", "Fl -exit Ar status", "Fl -older-than Ar days", "Fl -dir Ar folder", "Fl y , Fl -yes",
                       "Fl -version", "Fl -generate-completion-script Ar shell", "Fl h , Fl -help"] {
            #expect(page.contains("\n.It \(option)\n"), "\(option)")
        }
        #expect(!page.contains("debug-dump"))
        #expect(!page.contains("Internal."))
        #expect(!page.contains("generate-manual"))
        #expect(page.contains(".It Fl f , Fl -format Ar format\nHow to print the report: 'text' is for people.\nValues: text, json, markdown.\nDefault: text.\n"))
        #expect(page.contains("\n.Nm\n.Cm check\n.Ar plan\n.Fl -team Ar file\n.Op Ar options\n"), "the synopsis")
        #expect(page.contains("\n.Nm\n.Cm fit\n.Ar plans No ...\n.Op Ar options\n"))
    }

    @Test func textIsEscapedAndTheDiscussionKeepsItsShape() {
        let page = Self.page
        #expect(!page.contains("\n\n") && !page.hasPrefix("\n"), "no empty line")
        #expect(page.contains("\nPaths may contain \\e backslashes.\n"))
        #expect(page.contains("\n\\&.A line that starts with a dot, and 'quotes' and \"double quotes\".\n"))
        #expect(page.contains("\nA seed \\e for the order of ties.\n"))
        #expect(page.contains("\nExit status: 0 success \\[u00B7] 1 findings \\[u00B7] 64 usage.\n"))
        #expect(page.contains("""
            Examples:
            .Bd -literal -offset indent
            tool check plan.md --team team.yaml
              indented further
            tool fit *.md
            .Ed
            .Pp
            Exit status
            """))
        #expect(page.contains("tool checks plans.\nIt reads Markdown and writes a report.\n"), "new sentence, new line")
        for line in page.split(separator: "\n") where !line.hasPrefix(".") {
            #expect(!line.hasPrefix("'") && !line.hasSuffix(" ") && line.allSatisfy(\.isASCII), "\(line)")
        }
    }

    @Test func macroLinesKeepWordsThatLookLikeMacrosAsText() {
        #expect(macroArguments("No Op file \"quoted\" ( x") == "\\&No \\&Op file \\(dqquoted\\(dq \\&( x")
        #expect(macroArguments("a\\b") == "a\\eb")
    }
}
