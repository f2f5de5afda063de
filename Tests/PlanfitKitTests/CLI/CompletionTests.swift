import Foundation
import Testing

/// The completion scripts `planfit --generate-completion-script SHELL` prints (documented in the README)
/// complete file names for plans, --team, -o and folders for --replay: bash is run on planfit's own script,
/// the way an interactive bash calls it, and what it offers is read back.
@Suite struct CompletionTests {
    /// What bash offers for each line (the last word is the one being completed), in a folder holding a
    /// plan, profiles, other files and a folder.
    static func bashOffers(_ lines: [[String]]) throws -> [[String]] {
        let dir = try TemporaryDirectory()
        for file in ["plan.md", "team.yaml", "team.json", "notes.txt", "old/plan-v1.md"] { try dir.write("here/" + file, "") }
        let script = try CLI.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        let scriptFile = try dir.write("planfit.bash", script.stdout)
        var driver = "shopt -u extglob\nsource '\(scriptFile)' || exit 3\ncd '\(dir.path("here"))' || exit 4\n"
        for words in lines {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let line = words.joined(separator: " ")
            driver += """
                COMPREPLY=()
                COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=\(line.utf8.count)
                _planfit
                printf '%s\\n' "${COMPREPLY[@]}"; echo '<<end>>'

                """
        }
        let r = try CLI.runProgram("/bin/bash", ["--norc", "--noprofile", "-c", driver])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        return r.stdout.components(separatedBy: "<<end>>\n").prefix(lines.count)
            .map { $0.split(separator: "\n").map(String.init).sorted() }
    }

    @Test func bashCompletesFilesForPlansTeamsOutputsAndFoldersForReplay() throws {
        let cases: [(words: [String], offered: [String])] = [
            (["planfit", "ch"], ["chat", "check"]),
            (["planfit", "check", "--te"], ["--team"]),
            (["planfit", "check", "--team", ""], ["old", "team.json", "team.yaml"]),
            (["planfit", "check", "-t", ""], ["old", "team.json", "team.yaml"]),
            (["planfit", "check", ""], ["notes.txt", "old", "plan.md", "team.json", "team.yaml"]),
            (["planfit", "check", "--format", ""], ["html", "json", "text"]),
            (["planfit", "refine", "plan.md", "--replay", ""], ["old"]),
            (["planfit", "refine", "plan.md", "-o", ""], ["notes.txt", "old", "plan.md", "team.json", "team.yaml"]),
            (["planfit", "refine", "plan.md", "--fallback", ""], ["none", "planner"]),
            (["planfit", "cache", ""], ["clear", "path", "prune", "stats"]),
            (["planfit", "check", "--to"], []),
        ]
        let offered = try Self.bashOffers(cases.map(\.words))
        for (index, test) in cases.enumerated() {
            #expect(offered[index] == test.offered, "\(test.words)")
        }
    }

    @Test func zshAndFishScriptsAreGeneratedForEveryCommand() throws {
        for shell in ["zsh", "fish"] {
            let script = try CLI.run(["--generate-completion-script", shell])
            #expect(script.status == 0, "\(shell)")
            for word in ["replay", "team", "prune", "propose"] { #expect(script.stdout.contains(word), "\(shell): \(word)") }
        }
        let unknown = try CLI.run(["--generate-completion-script", "tcsh"])
        #expect(unknown.status == 64 && unknown.stderr.contains("bash, zsh or fish"))
    }

    @Test func theManualCoversEveryCommandAndLintsClean() throws {
        let manual = try CLI.run(["--generate-manual"])
        #expect(manual.status == 0)
        for command in ["check", "fit", "refine", "propose", "apply", "batch", "prune"] {
            #expect(manual.stdout.contains(command), "\(command)")
        }
        #expect(!manual.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().contains(""), "no empty line")
        let dir = try TemporaryDirectory()
        let page = try dir.write("planfit.1", manual.stdout)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") {
            let lint = try CLI.runProgram("/usr/bin/groff", ["-mandoc", "-ww", "-z", page])
            #expect(lint.status == 0 && lint.stderr.isEmpty, "\(lint.stderr)")
        }
    }
}
