import Testing
@testable import ArgumentKit

/// `CommandLineTool.run`: which command runs, what it prints, and the exit status.
@Suite struct CommandLineToolTests {
    @Test func aCommandRunsWithWhatItsCommandLineSaid() async {
        let r = await SampleTool.run(["check", "plan.md", "--format=json", "-t", "team.yaml", "-s", "--seed", "-5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.ran == ["check plan=plan.md team=team.yaml format=json seed=-5 output=- strict=true quiet=false verbose=false"])
        #expect(r.stdout.isEmpty && r.stderr.isEmpty)
        let nested = await SampleTool.run(["cache", "prune", "--older-than", "7"])
        #expect(nested.status == 0 && nested.ran == ["prune older-than=7 dir=-"])
        let async = await SampleTool.run(["fit", "a.md", "b.md", "-t", "t.yaml"])
        #expect(async.status == 0 && async.ran == ["fit plans=a.md,b.md team=t.yaml"])
    }

    @Test func helpExitsZeroWhereverItIsAsked() async {
        for words in [["--help"], ["-h"], [], ["help"], ["check", "--help"], ["check", "plan.md", "-h"], ["help", "check"],
                      ["cache"], ["cache", "prune", "--help"], ["help", "cache", "prune"]] {
            let r = await SampleTool.run(words)
            #expect(r.status == 0, "\(words)")
            #expect(r.stdout.hasPrefix("OVERVIEW: "), "\(words)")
            #expect(r.ran.isEmpty && r.stderr.isEmpty, "\(words)")
        }
        #expect(await SampleTool.run(["help", "cache", "prune"]).stdout.contains("USAGE: tool cache prune [<options>]"))
        // After --, -h is an argument, not a request for help.
        #expect(await SampleTool.run(["fit", "--", "-h"]).ran == ["fit plans=-h team=-"])
    }

    @Test func aUsageErrorPrintsTheMessageTheUsageLineAndWhereToReadMore() async {
        let r = await SampleTool.run(["check", "plan.md"])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty && r.ran.isEmpty)
        #expect(r.stderr == """
            tool: error: missing option --team <file>
            Usage: tool check <plan> --team <file> [<options>]
              See 'tool check --help' for more information.

            """)
        let nested = await SampleTool.run(["cache", "prune", "--older-than", "soon"])
        #expect(nested.status == 64)
        #expect(nested.stderr.contains("tool: error: 'soon' is not a valid value for --older-than\n"))
        #expect(nested.stderr.contains("Usage: tool cache prune [<options>]\n  See 'tool cache prune --help'"))
    }

    @Test func unknownCommandsAndOptionsSuggestTheClosestName() async {
        let command = await SampleTool.run(["chekc", "plan.md"])
        #expect(command.status == 64)
        #expect(command.stderr.hasPrefix("tool: error: unknown command 'chekc'; did you mean 'check'?\nUsage: tool <subcommand>\n"))
        let nested = await SampleTool.run(["cache", "prnue"])
        #expect(nested.status == 64 && nested.stderr.contains("unknown command 'prnue'; did you mean 'prune'?"))
        let help = await SampleTool.run(["help", "fitt"])
        #expect(help.status == 64 && help.stderr.contains("unknown command 'fitt'; did you mean 'fit'?"))
        let option = await SampleTool.run(["--verison"])
        #expect(option.status == 64 && option.stderr.contains("unknown option '--verison'; did you mean '--version'?"))
        let commandOption = await SampleTool.run(["check", "plan.md", "-t", "t.yaml", "--strcit"])
        #expect(commandOption.status == 64 && commandOption.stderr.contains("did you mean '--strict'?"))
    }

    @Test func validationErrorsAreUsageErrors() async {
        let r = await SampleTool.run(["check", "plan.md", "-t", "t.yaml", "-qv"])
        #expect(r.status == 64 && r.ran.isEmpty)
        #expect(r.stderr.hasPrefix("tool: error: --quiet and --verbose contradict each other\nUsage: tool check "))
    }

    @Test func anExitCodePassesThroughAndAnAsyncCommandsErrorIsReported() async {
        let exit = await SampleTool.run(["fit", "a.md", "--exit", "3"])
        #expect(exit.status == 3)
        #expect(exit.stderr.isEmpty, "ExitCode means everything has been said")
        #expect(exit.ran == ["fit plans=a.md team=-"])
        let failure = await SampleTool.run(["fit", "a.md", "--fail"])
        #expect(failure.status == 1)
        #expect(failure.stderr == "tool: error: the model server went away\n")
    }

    @Test func versionAndTheGenerators() async {
        #expect(await SampleTool.run(["--version"]).stdout == "1.2.3\n")
        for shell in Shell.allCases {
            let r = await SampleTool.run(["--generate-completion-script", shell.rawValue])
            #expect(r.status == 0 && r.stderr.isEmpty)
            #expect(r.stdout == CompletionScript(tool: SampleTool.root, shell: shell).text)
        }
        let manual = await SampleTool.run(["--generate-manual"])
        #expect(manual.status == 0)
        #expect(manual.stdout.hasPrefix(".Dd "))
        #expect(manual.stdout.contains("This page describes\n.Nm\n1.2.3.\n"))
    }

    @Test(arguments: [["--generate-completion-script"], ["--generate-completion-script", "powershell"],
                      ["--generate-completion-script", "bash", "zsh"]])
    func theCompletionScriptNeedsExactlyOneShell(_ words: [String]) async {
        let r = await SampleTool.run(words)
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("tool: error: --generate-completion-script needs a shell: bash, zsh or fish\nUsage: tool "))
    }

    @Test func theManualTakesNoArgument() async {
        let r = await SampleTool.run(["--generate-manual", "extra"])
        #expect(r.status == 64 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("tool: error: unexpected argument 'extra'\n"))
    }

    /// A tool that is one command reads every word as that command's: its help must not offer
    /// --version or the completion script, which the dispatch answers only for a tool of subcommands.
    @Test func aToolThatIsOneCommandListsNoOptionItDoesNotAnswer() async {
        let help = await SampleTool.run(["--help"], single: true)
        #expect(help.status == 0 && help.stdout.contains("USAGE: check <plan> --team <file> [<options>]"))
        #expect(!help.stdout.contains("--version"))
        #expect(!help.stdout.contains("--generate-completion-script"))
        let version = await SampleTool.run(["--version"], single: true)
        #expect(version.status == 64 && version.stderr.hasPrefix("check: error: unknown option '--version'"))
        let run = await SampleTool.run(["plan.md", "-t", "t.yaml"], single: true)
        #expect(run.status == 0 && run.ran.count == 1)
    }
}
