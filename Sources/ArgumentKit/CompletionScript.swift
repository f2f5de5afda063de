/// A shell `--generate-completion-script` writes a script for.
public enum Shell: String, CaseIterable, ArgumentValue, Sendable {
    case bash, zsh, fish
}

/// The completion script of a whole tool for one shell: subcommand names, each command's option
/// names, and for an option's value or a positional argument what its `Completion` says (files
/// with given extensions, folders, a list of words, or nothing).
///
/// Generated from the command tree rather than written by hand, so a new option completes the day
/// it is declared. Every script is self-contained: it needs no bash-completion package, no
/// extglob, no zsh or fish plug-in.
public struct CompletionScript {
    public var tool: CommandTree
    public var shell: Shell

    public init(tool: CommandTree, shell: Shell) {
        self.tool = tool
        self.shell = shell
    }

    public var text: String {
        let commands = ToolCommand.all(in: tool)
        return switch shell {
        case .bash: BashCompletion(commands: commands).text
        case .zsh: ZshCompletion(commands: commands).text
        case .fish: FishCompletion(commands: commands).text
        }
    }
}

/// `text` as one word in a POSIX shell (bash, zsh): single-quoted, a quote inside closed, escaped
/// and reopened.
func shellQuoted(_ text: String) -> String {
    var out = "'"
    for character in text {
        out += character == "'" ? "'\\''" : String(character)
    }
    return out + "'"
}

/// `name` made fit for a shell function's name (`_plan_fit` for `plan-fit`): letters, digits and
/// underscores only.
func functionName(_ name: String) -> String {
    String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
}

/// Text on one line: completion menus and the manual's one-line description show one line per item.
func oneLine(_ text: String) -> String {
    String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
}
