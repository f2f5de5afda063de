/// One command of a tool as the generators (completion scripts, the manual page) see it: the words
/// that reach it and what a user may type after them, hidden items left out.
struct ToolCommand {
    /// The command's names from the tool down: `["planfit", "cache", "prune"]`.
    var path: [String]
    var tree: CommandTree
    /// The visible options and flags, then those the tool answers itself (`--help`, and `--version`
    /// and `--generate-completion-script` on the root).
    var options: [ArgumentInfo]
    /// Every option that takes a value, hidden ones too: a completion script must skip a hidden
    /// option's value like any other's, or it would count the value as a positional argument.
    var valueOptions: [ArgumentInfo]
    /// The visible positional arguments, in order.
    var positionals: [ArgumentInfo]
    /// The hidden options and flags: never offered, but a script that reads the words before the
    /// cursor must know them (zsh's `_arguments` takes an unknown word for a positional argument).
    var hiddenOptions: [ArgumentInfo]

    var isRoot: Bool { path.count == 1 }
    var subcommandNames: [String] { tree.subcommands.map(\.about.name) }
    /// Whether the command runs (and so reads arguments), rather than only holding subcommands.
    var runs: Bool { tree.prepare != nil }

    /// `tool` and every command below it, parents before their children, in declaration order.
    static func all(in tool: CommandTree) -> [ToolCommand] {
        var commands: [ToolCommand] = []
        func visit(_ tree: CommandTree, _ path: [String]) {
            let own = ToolOptions.options(of: tree, isRoot: path.count == 1)
            commands.append(ToolCommand(
                path: path, tree: tree,
                options: tree.visibleArguments.filter { !$0.isPositional } + own,
                valueOptions: (tree.arguments + own).filter(\.takesValue),
                positionals: tree.visibleArguments.filter(\.isPositional),
                hiddenOptions: tree.arguments.filter { $0.isHidden && !$0.isPositional }))
            for sub in tree.subcommands { visit(sub, path + [sub.about.name]) }
        }
        visit(tool, [tool.about.name])
        return commands
    }
}

extension ArgumentInfo {
    /// `--team` and `-t`: every way the option is written on a command line, long name first.
    var spellings: [String] { ["--" + name] + (short.map { ["-" + String($0)] } ?? []) }

    /// What a shell offers for the value: the declared completion, or the fixed list of values when
    /// nothing was declared (a positional enumeration declares no completion but has its choices).
    var effectiveCompletion: Completion {
        if case .none = completion, !choices.isEmpty { return .list(choices) }
        return completion
    }
}
