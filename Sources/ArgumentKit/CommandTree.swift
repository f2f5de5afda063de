/// One command of a tool, its arguments and its subcommands, with the types erased so a tree can
/// hold commands of different types.
public struct CommandTree {
    public let about: CommandAbout
    /// Every argument, option and flag, groups flattened, in declaration order.
    public let arguments: [ArgumentInfo]
    public let subcommands: [CommandTree]
    /// Reads the command line after the command's name and returns the work to do; nil for a command
    /// that only groups subcommands.
    let prepare: (([String]) throws -> PreparedRun)?

    /// A command with arguments.
    public init<C: Command>(_ type: C.Type, subcommands: [CommandTree] = []) {
        about = C.about
        arguments = C.declarations.flatMap(\.items).map(\.info)
        self.subcommands = subcommands
        prepare = { tokens in
            let command = try CommandLineReader<C>().read(tokens)
            return .sync { try command.run() }
        }
    }

    public init<C: AsyncCommand>(_ type: C.Type, subcommands: [CommandTree] = []) {
        about = C.about
        arguments = C.declarations.flatMap(\.items).map(\.info)
        self.subcommands = subcommands
        prepare = { tokens in
            let command = try CommandLineReader<C>().read(tokens)
            return .async { try await command.run() }
        }
    }

    /// A command that only holds subcommands (`planfit cache`): without one it prints its help.
    public init(_ about: CommandAbout, subcommands: [CommandTree]) {
        self.about = about
        arguments = []
        self.subcommands = subcommands
        prepare = nil
    }

    public func subcommand(named name: String) -> CommandTree? {
        subcommands.first { $0.about.name == name }
    }

    /// The visible arguments, as help and completion list them.
    public var visibleArguments: [ArgumentInfo] { arguments.filter { !$0.isHidden } }
}

enum PreparedRun {
    case sync(() throws -> Void)
    case async(@Sendable () async throws -> Void)
}
