/// The options `CommandLineTool` answers itself rather than a command's declarations: `--help` on
/// every command, and on the tool itself `--version` and `--generate-completion-script`.
///
/// Help, completion scripts and the manual page list them from here, so the three cannot drift from
/// one another; the dispatch in `CommandLineTool.run` is what gives them their meaning.
/// `--generate-manual` is left out on purpose: it is for scripts/install-man, not for users.
enum ToolOptions {
    static let help = ArgumentInfo(kind: .flag, name: "help", short: "h", help: "Show help information.")
    static let version = ArgumentInfo(kind: .flag, name: "version", help: "Show the version.")
    static let completionScript = ArgumentInfo(
        kind: .option(repeating: false), name: "generate-completion-script", valueName: "shell",
        help: "Print the completion script for a shell.", choices: Shell.allArgumentValues,
        completion: .list(Shell.allArgumentValues))

    /// What `node` answers beyond its declarations. Only a root that is no command of its own gets
    /// `--version` and the script: the dispatch reads a runnable root's words as its arguments.
    static func options(of node: CommandTree, isRoot: Bool) -> [ArgumentInfo] {
        isRoot && node.prepare == nil ? [version, completionScript, help] : [help]
    }
}
