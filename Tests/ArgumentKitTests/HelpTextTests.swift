import Testing
@testable import ArgumentKit

@Suite struct HelpTextTests {
    var check: CommandTree { SampleTool.root.subcommands[0] }

    @Test func usageLinesNameWhatMustBeGivenThenTheRestInBrackets() {
        #expect(HelpText(path: ["tool", "check"], command: check).usage == "tool check <plan> --team <file> [<options>]")
        #expect(HelpText(path: ["tool", "fit"], command: SampleTool.root.subcommands[1]).usage == "tool fit <plans> ... [<options>]")
        #expect(HelpText(path: ["tool"], command: SampleTool.root).usage == "tool <subcommand>")
        #expect(HelpText(path: ["tool", "cache"], command: SampleTool.root.subcommands[2]).usage == "tool cache <subcommand>")
    }

    @Test func anEntryShowsItsValuesAndDefaultAndHiddenOptionsAreLeftOut() {
        let text = HelpText(path: ["tool", "check"], command: check, width: 200).text
        #expect(text.contains("\n  -f, --format <format>   How to print the report: 'text' is for people. (values: text, json, markdown; default: text)\n"))
        #expect(text.contains("\n  --seed <n>              A seed \\ for the order of ties. (default: 0)\n"))
        #expect(text.contains("\n  -t, --team <file>       The team profile [YAML]: members, skills.\n"), "required: no default")
        #expect(text.contains("\n  -s, --strict            Treat warnings as errors.\n") && text.contains("\n  -h, --help              Show help information.\n"))
        #expect(!text.contains("debug-dump") && !text.contains("Internal."))
        #expect(text.contains("ARGUMENTS:\n  <plan>                  The plan (Markdown).\n"))
    }

    @Test func textWrapsToTheWidthWithTheColumnKept() {
        let text = HelpText(path: ["tool", "check"], command: check, width: 50).text
        for line in text.split(separator: "\n") where line.contains(" ") && !line.hasPrefix("USAGE") {
            // A line may only run over when it is one word after its indentation.
            #expect(line.count <= 50 || line.trimmingPrefix(" ").split(separator: " ").count == 1, "\(line)")
        }
        #expect(text.contains("""
              -f, --format <format>   How to print the report:
                                      'text' is for people.
                                      (values: text, json,
                                      markdown; default: text)
            """))
        #expect(HelpText(path: ["tool", "check"], command: check, width: 45).text
                .contains("USAGE: tool check <plan> --team <file>\n       [<options>]\n"))
        #expect(HelpText(path: [], command: check).wrap("aaa bbb ccc", indent: 2, hanging: 4) == "  aaa bbb ccc")
        #expect(HelpText(path: [], command: check, width: 40).wrap(String(repeating: "x ", count: 25), indent: 2, hanging: 4)
                .split(separator: "\n").map(\.count) == [39, 15])
    }

    @Test func theRootListsTheToolsOwnOptionsButNotTheHiddenManual() {
        let text = HelpText(path: ["tool"], command: SampleTool.root, version: "1.2.3", width: 100).text
        #expect(text.contains("\n  --version               Show the version.\n"))
        #expect(text.contains("\n  --generate-completion-script <shell>\n                          Print the completion script for a shell. (values: bash, zsh, fish)\n"))
        #expect(!text.contains("--generate-manual"))
        #expect(text.contains("SUBCOMMANDS:\n  check                   Check a plan against a team's capacity.\n"))
        // Only the root: a subcommand has no --version of its own.
        #expect(!HelpText(path: ["tool", "check"], command: check).text.contains("--generate-completion-script"))
    }

    @Test func theDiscussionKeepsItsParagraphsAndIndentation() {
        let text = HelpText(path: ["tool"], command: SampleTool.root, version: "1.2.3", width: 80).text
        #expect(text.hasPrefix("OVERVIEW: Fit a plan to a team [sample]: a test's tool.\n\ntool checks plans."))
        #expect(text.contains("Examples:\n    tool check plan.md --team team.yaml\n      indented further\n"))
    }
}
