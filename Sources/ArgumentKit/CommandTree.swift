/// One command of a tool, its arguments and its subcommands, with the types erased so a tree can
/// hold commands of different types.
///
/// Building the tree costs nothing but the names: a command's declarations (key paths, whose
/// instantiation costs the runtime a demangling each) are made only for the command that runs, or
/// for help and completion.
public struct CommandTree {
    private let makeAbout: () -> CommandAbout
    public let subcommands: [CommandTree]
    private let makeArguments: () -> [ArgumentInfo]
    /// Reads the command line after the command's name and returns the work to do; nil for a command
    /// that only groups subcommands.
    let prepare: (([String]) throws -> PreparedRun)?

    /// A command with arguments.
    public init<C: Command>(_ type: C.Type, subcommands: [CommandTree] = []) {
        makeAbout = { C.about }
        makeArguments = { C.declarations.flatMap(\.items).map { $0.info.with($0.details()) } }
        self.subcommands = subcommands
        prepare = { tokens in
            let command = try CommandLineReader<C>().read(tokens)
            return .sync { try command.run() }
        }
    }

    public init<C: AsyncCommand>(_ type: C.Type, subcommands: [CommandTree] = []) {
        makeAbout = { C.about }
        makeArguments = { C.declarations.flatMap(\.items).map { $0.info.with($0.details()) } }
        self.subcommands = subcommands
        prepare = { tokens in
            let command = try CommandLineReader<C>().read(tokens)
            return .async { try await command.run() }
        }
    }

    /// A command that only holds subcommands (`planfit cache`): without one it prints its help.
    public init(_ about: CommandAbout, subcommands: [CommandTree]) {
        makeAbout = { about }
        makeArguments = { [] }
        self.subcommands = subcommands
        prepare = nil
    }

    /// The command's name and texts: a command's are made when something asks (its `about` may work
    /// its text out), so finding `check` does not make `diff`'s.
    public var about: CommandAbout { makeAbout() }

    /// Every argument, option and flag, groups flattened, in declaration order.
    public var arguments: [ArgumentInfo] { makeArguments() }

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
