import Foundation
import Testing
@testable import ArgumentKit

/// The completion scripts, run in the shells they are for: bash always (the function called the way
/// bash calls it, COMPREPLY read back), zsh and fish when they are installed or can be.
@Suite struct CompletionScriptTests {
    /// A folder to complete in: files that fit `--team` (yaml, yml) and the plan (md) and some that
    /// do not, folders, and names with spaces.
    static func folder() throws -> URL {
        let folder = try Programs.temporaryFolder().appendingPathComponent("here")
        for file in ["team.yaml", "other.yml", "notes.txt", "plan.md", "my plan.md", "sub/inner.md", "sub/x.txt",
                     "dir with space/deep.yaml"] {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
        }
        return folder
    }

    /// The script in a file of its own, outside the folder completed in (it would be offered there).
    static func script(_ shell: Shell, in folder: URL, tool: CommandTree = SampleTool.root) throws -> URL {
        let url = folder.appendingPathComponent("scripts/completion.\(shell.rawValue)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try CompletionScript(tool: tool, shell: shell).text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    // MARK: bash

    /// What bash's completion function offers for each line, the last word the one being completed;
    /// `words` as bash splits them (`--team=` is `--team` and `=`, COMP_WORDBREAKS). One bash runs
    /// every line, with extglob off, the way a plain interactive bash sources the script.
    static func bash(_ lines: [[String]], tool: CommandTree = SampleTool.root) throws -> [[String]] {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let script = try Self.script(.bash, in: folder.deletingLastPathComponent(), tool: tool)
        let name = tool.about.name
        var driver = """
            shopt -u extglob
            source \(shellQuoted(script.path)) || exit 3
            cd \(shellQuoted(folder.path)) || exit 4
            complete -p \(name)
            echo '<<end>>'

            """
        for words in lines {
            let line = words.joined(separator: " ")
            driver += """
                COMP_WORDS=(\(words.map(shellQuoted).joined(separator: " ")))
                COMP_CWORD=\(words.count - 1)
                COMP_LINE=\(shellQuoted(line))
                COMP_POINT=\(line.utf8.count)
                _\(functionName(name))
                printf '%s\\n' "${COMPREPLY[@]}"
                echo '<<end>>'

                """
        }
        guard let bash = Programs.find("bash") else {
            Issue.record("bash is not installed")
            return []
        }
        let r = try Programs.run([bash, "--norc", "--noprofile", "-c", driver])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        var sections = r.stdout.components(separatedBy: "<<end>>\n").map { $0.split(separator: "\n").map(String.init) }
        #expect(sections.first == ["complete -F _\(functionName(name)) \(name)"], "the script registers its function for the tool")
        sections.removeFirst()
        return Array(sections.prefix(lines.count)).map { $0.filter { !$0.isEmpty }.sorted() }
    }

    @Test func bashCompletesFromTheCommandTree() throws {
        let files = ["dir with space", "my plan.md", "notes.txt", "other.yml", "plan.md", "sub", "team.yaml"]
        let teams = ["dir with space", "other.yml", "sub", "team.yaml"]
        let plans = ["dir with space", "my plan.md", "plan.md", "sub"]
        let folders = ["dir with space", "sub"]
        let cases: [(words: [String], offered: [String])] = [
            (["tool", ""], ["cache", "check", "fit"]),
            (["tool", "c"], ["cache", "check"]),
            (["tool", "-"], ["--generate-completion-script", "--help", "--version", "-h"]),
            (["tool", "--generate-completion-script", ""], ["bash", "fish", "zsh"]),
            (["tool", "check", "--te"], ["--team"]),
            (["tool", "check", "-"], ["--format", "--help", "--output", "--quiet", "--replay", "--seed", "--strict",
                                      "--team", "--verbose", "-f", "-h", "-o", "-q", "-s", "-t", "-v"]),
            (["tool", "check", "--team", ""], teams),
            (["tool", "check", "-t", ""], teams),
            (["tool", "check", "--team", "="], teams),
            (["tool", "check", "--team", "=", "te"], ["team.yaml"]),
            (["tool", "check", "-sqt", ""], teams),
            (["tool", "check", "--team", "dir with"], ["dir with space"]),
            (["tool", "check", "--team", "dir\\ with\\ space/"], ["dir with space/deep.yaml"]),
            (["tool", "check", "--format", ""], ["json", "markdown", "text"]),
            (["tool", "check", "-f", "m"], ["markdown"]),
            (["tool", "check", "--seed", ""], []),
            (["tool", "check", "--output", ""], files),
            (["tool", "check", "--replay", ""], folders),
            (["tool", "cache", "prune", "--dir", ""], folders),
            (["tool", "check", ""], plans),
            (["tool", "check", "sub/"], ["sub/inner.md"]),
            (["tool", "check", "\"my"], ["my plan.md"]),
            (["tool", "check", "-t", "team.yaml", ""], plans),
            (["tool", "check", "--debug-dump", "x", ""], plans),
            (["tool", "check", "--", "plan.md", ""], []),
            (["tool", "check", "--", "-"], []),
            (["tool", "fit", "a.md", "-q", "b.md", ""], plans),
            (["tool", "cache", ""], ["clear", "prune"]),
            (["tool", "cache", "prune", "-"], ["--dir", "--help", "--older-than", "-h"]),
            (["tool", "cache", "clear", ""], ["--help", "--yes", "-h", "-y"]),
        ]
        let offered = try Self.bash(cases.map(\.words))
        #expect(offered.count == cases.count)
        for (index, expected) in cases.enumerated() where index < offered.count {
            #expect(offered[index] == expected.offered, "\(expected.words)")
        }
    }

    /// `tool check plan.md ` has no second positional: the command's options are offered, and never
    /// a hidden one.
    @Test func bashOffersOptionsWhereNoArgumentGoesAndNeverAHiddenOne() throws {
        let offered = try Self.bash([["tool", "check", "plan.md", ""], ["tool", "check", "--d"]])
        #expect(offered.first?.contains("--team") == true)
        #expect(offered.first?.contains("--debug-dump") == false)
        #expect(offered.last == [])
    }

    /// A tool that is a single command: its options and arguments straight after its name, and no
    /// --version or script of its own (the dispatch reads every word as the command's).
    @Test func aToolThatIsOneCommand() throws {
        let tool = CommandTree(CheckCommand.self)
        let offered = try Self.bash([["check", "--format", ""], ["check", ""], ["check", "--v"], ["check", "--ver"]], tool: tool)
        #expect(offered == [["json", "markdown", "text"], ["dir with space", "my plan.md", "plan.md", "sub"], ["--verbose"], ["--verbose"]])
        let folder = try Programs.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (shell, program, check) in [(Shell.zsh, Self.zsh, "-n"), (.fish, Self.fish, "--no-execute")] {
            guard let program else { continue }
            let r = try Programs.run([program, check, try Self.script(shell, in: folder, tool: tool).path])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(shell): \(r.stderr)")
        }
    }

    @Test func bashNeedsNoExtglob() {
        let script = CompletionScript(tool: SampleTool.root, shell: .bash).text
        #expect(!script.contains("extglob"))
        #expect(!script.contains("@("))
        #expect(!script.contains("!("))
        #expect(!script.contains("_init_completion"), "bash-completion's helpers may not be installed")
    }

    // MARK: zsh

    static let zsh = Programs.ensure("zsh", package: "zsh")

    @Test(.enabled(if: zsh != nil, "zsh is not installed and could not be"))
    func zshReadsTheScriptAndRegistersTheFunction() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let script = try Self.script(.zsh, in: folder.deletingLastPathComponent())
        let zsh = try #require(Self.zsh)
        let parse = try Programs.run([zsh, "-n", script.path])
        #expect(parse.status == 0, "\(parse.stderr)")
        #expect(parse.stderr.isEmpty, "\(parse.stderr)")
        // Sourced after compinit, and autoloaded from $fpath as _tool.
        let functions = folder.appendingPathComponent("functions")
        try FileManager.default.createDirectory(at: functions, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: script, to: functions.appendingPathComponent("_tool"))
        let check = """
            autoload -U compinit && compinit -u -D
            source \(shellQuoted(script.path))
            print -r -- sourced $_comps[tool] ${+functions[_tool_cache_prune]}
            unset '_comps[tool]'
            fpath=(\(shellQuoted(functions.path)) $fpath)
            compinit -u -D
            print -r -- autoloaded $_comps[tool]
            """
        let r = try Programs.run([zsh, "-f", "-c", check], environment: ["HOME": folder.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "sourced _tool 1\nautoloaded _tool\n", "\(r.stderr)")
    }

    /// What zsh offers for each line: an interactive zsh on a pseudo-terminal (zsh/zpty) with the
    /// script autoloaded from $fpath types the line and a Tab; `compadd`, wrapped, prints every
    /// match it is given, and the shell exits when the completion is done. One zsh per line.
    static func zsh(_ lines: [String]) throws -> [[String]] {
        let folder = try Self.folder()
        let scratch = folder.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let functions = scratch.appendingPathComponent("functions")
        try FileManager.default.createDirectory(at: functions, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try Self.script(.zsh, in: scratch), to: functions.appendingPathComponent("_tool"))
        let setup = scratch.appendingPathComponent("setup.zsh")
        try """
            PROMPT='' RPROMPT=''
            fpath=(\(shellQuoted(functions.path)) $fpath)
            autoload -U compinit && compinit -u -D
            cd \(shellQuoted(folder.path))
            bindkey '^I' complete-word
            compadd() {
                # -O, -A and -D only ask which words would match: nothing is offered.
                if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
                    builtin compadd "$@"
                    return
                fi
                local -a matches
                builtin compadd -A matches "$@"
                (( $#matches )) && print -rl -- "<<match>>"${^matches}
                builtin compadd "$@"
            }
            comppostfuncs=(exit)
            print -r -- '<<ready>>'
            """.write(to: setup, atomically: true, encoding: .utf8)
        let driver = """
            zmodload zsh/zpty || exit 5
            zpty z zsh -f -i
            zpty -w z "source ${(q)1}"
            while zpty -r z line; do [[ $line == *'<<ready>>'* ]] && break; done
            zpty -w -n z "$2"$'\t'
            while zpty -r z line; do
                [[ $line == *'<<match>>'* ]] && print -r -- ${${line#*<<match>>}%%$'\r'*}
            done
            zpty -d z
            """
        let zsh = try #require(Self.zsh)
        // timeout(1) only guards against a hang (a zsh that never completes); nothing is timed.
        let guardHang = Programs.find("timeout").map { [$0, "120"] } ?? []
        return try lines.map { line in
            let r = try Programs.run(guardHang + [zsh, "-f", "-c", driver, "zsh", setup.path, line],
                                     environment: ["HOME": scratch.path])
            #expect(r.status == 0, "\(line): \(r.stderr)")
            // _files may hand a folder to compadd twice (as a folder, then among all files): zsh lists it once.
            return Set(r.stdout.split(separator: "\n").map(String.init)).sorted()
        }
    }

    @Test(.enabled(if: zsh != nil, "zsh is not installed and could not be"))
    func zshCompletesFromTheCommandTree() throws {
        let teams = ["dir\\ with\\ space", "other.yml", "sub", "team.yaml"]
        let plans = ["dir\\ with\\ space", "my\\ plan.md", "plan.md", "sub"]
        let cases: [(line: String, offered: [String])] = [
            ("tool ", ["cache", "check", "fit"]),
            ("tool check --format ", ["json", "markdown", "text"]),
            ("tool check --team ", teams),
            ("tool check --team=", teams),
            ("tool check -qt ", teams),
            ("tool check --seed ", []),
            ("tool check ", plans),
            ("tool check --debug-dump x ", plans),
            ("tool check --replay ", ["dir\\ with\\ space", "sub"]),
            ("tool cache ", ["clear", "prune"]),
            ("tool cache prune --", ["--dir", "--help", "--older-than"]),
            ("tool fit a.md -q ", plans),
            ("tool --generate-completion-script ", ["bash", "fish", "zsh"]),
        ]
        let offered = try Self.zsh(cases.map(\.line))
        for (index, expected) in cases.enumerated() where index < offered.count {
            #expect(offered[index] == expected.offered, "\(expected.line)")
        }
    }

    // MARK: fish

    static let fish = Programs.ensure("fish", package: "fish")

    /// What fish offers for `line` after sourcing the script, in the folder, descriptions cut off.
    static func fish(_ lines: [String]) throws -> [[String]] {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let script = try Self.script(.fish, in: folder.deletingLastPathComponent())
        let fish = try #require(Self.fish)
        let parse = try Programs.run([fish, "--no-execute", script.path])
        #expect(parse.status == 0, "\(parse.stderr)")
        var driver = "source \(fishQuoted(script.path)); or exit 3\ncd \(fishQuoted(folder.path)); or exit 4\n"
        for line in lines { driver += "complete -C \(fishQuoted(line)); echo '<<end>>'\n" }
        let r = try Programs.run([fish, "-c", driver],
                                 environment: ["HOME": folder.path, "XDG_CONFIG_HOME": folder.appendingPathComponent(".config").path,
                                               "XDG_DATA_HOME": folder.appendingPathComponent(".local/share").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        return r.stdout.components(separatedBy: "<<end>>\n").prefix(lines.count).map { section in
            section.split(separator: "\n").map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) }.sorted()
        }
    }

    @Test(.enabled(if: fish != nil, "fish is not installed and could not be"))
    func fishCompletesFromTheCommandTree() throws {
        let cases: [(line: String, offered: [String])] = [
            ("tool check --format ", ["json", "markdown", "text"]),
            ("tool ", ["cache", "check", "fit"]),
            ("tool --generate-completion-script ", ["bash", "fish", "zsh"]),
            ("tool check --team ", ["dir with space/", "other.yml", "sub/", "team.yaml"]),
            ("tool check -t ", ["dir with space/", "other.yml", "sub/", "team.yaml"]),
            ("tool check --team=", ["--team=dir with space/", "--team=other.yml", "--team=sub/", "--team=team.yaml"]),
            ("tool check ", ["dir with space/", "my plan.md", "plan.md", "sub/"]),
            ("tool check --debug-dump x ", ["dir with space/", "my plan.md", "plan.md", "sub/"]),
            ("tool check plan.md ", []),
            ("tool check --seed ", []),
            ("tool cache prune --dir ", ["dir with space/", "sub/"]),
            ("tool cache ", ["clear", "prune"]),
            ("tool cache prune --", ["--dir", "--help", "--older-than"]),
            ("tool fit a.md -q ", ["dir with space/", "my plan.md", "plan.md", "sub/"]),
        ]
        let offered = try Self.fish(cases.map(\.line))
        #expect(offered.count == cases.count)
        for (index, expected) in cases.enumerated() where index < offered.count {
            #expect(offered[index] == expected.offered, "\(expected.line)")
        }
    }

    @Test(.enabled(if: fish != nil, "fish is not installed and could not be"))
    func fishLeavesHiddenOptionsOut() throws {
        let offered = try Self.fish(["tool check --"])
        #expect(offered.first?.contains("--team") == true)
        #expect(offered.first?.contains("--debug-dump") == false)
    }

    // MARK: escaping

    /// Help text with brackets, colons and quotes, written so each shell reads it back as it was.
    @Test func helpTextIsEscapedForEachShell() {
        let zsh = CompletionScript(tool: SampleTool.root, shell: .zsh).text
        #expect(zsh.contains(#"'(--team -t)--team=[The team profile \[YAML\]\: members, skills.]:file:_files -g "*.(yaml|yml)"'"#))
        #expect(zsh.contains(#"'--seed=[A seed \\ for the order of ties.]:n: '"#))
        #expect(zsh.contains(#"'(--format -f)--format=[How to print the report\: '\''text'\'' is for people.]:format:(text json markdown)'"#))
        #expect(zsh.contains(#"'check:Check a plan against a team'\''s capacity.'"#))
        let fish = CompletionScript(tool: SampleTool.root, shell: .fish).text
        #expect(fish.contains(#"-d 'How to print the report: \'text\' is for people.'"#))
        #expect(fish.contains(#"-d 'A seed \\ for the order of ties.'"#))
        let bash = CompletionScript(tool: SampleTool.root, shell: .bash).text
        #expect(!bash.contains("debug-dump') "), "a hidden option gets no value completion")
        #expect(bash.contains("value_options=' --team -t --format -f --seed --output -o --replay --debug-dump '"),
                "but its value is skipped")
    }
}
