/// One command of a tool, its arguments and its subcommands, with the types erased so a tree can
/// hold commands of different types.
///
/// Building the tree costs nothing but the names: a command's declarations (key paths, whose
/// instantiation costs the runtime a demangling each) are made only for the command that runs, or
/// for help and completion.
public struct CommandTree {
    /// The name, when it is known without making the command (`named(_:_:)`).
    private let knownName: String?
    private let makeAbout: () -> CommandAbout
    private let makeSubcommands: () -> [CommandTree]
    private let makeArguments: () -> [ArgumentInfo]
    private let makePrepare: () -> (([String]) throws -> PreparedRun)?

    private init(knownName: String?, about: @escaping () -> CommandAbout, subcommands: @escaping () -> [CommandTree],
                 arguments: @escaping () -> [ArgumentInfo], prepare: @escaping () -> (([String]) throws -> PreparedRun)?) {
        self.knownName = knownName
        makeAbout = about
        makeSubcommands = subcommands
        makeArguments = arguments
        makePrepare = prepare
    }

    /// A command with arguments.
    public init<C: Command>(_ type: C.Type, subcommands: [CommandTree] = []) {
        self.init(knownName: nil, about: { C.about }, subcommands: { subcommands },
                  arguments: { C.declarations.flatMap(\.items).map { $0.info.with($0.details()) } },
                  prepare: { { tokens in
                      let command = try CommandLineReader<C>().read(tokens)
                      return .sync { try command.run() }
                  } })
    }

    public init<C: AsyncCommand>(_ type: C.Type, subcommands: [CommandTree] = []) {
        self.init(knownName: nil, about: { C.about }, subcommands: { subcommands },
                  arguments: { C.declarations.flatMap(\.items).map { $0.info.with($0.details()) } },
                  prepare: { { tokens in
                      let command = try CommandLineReader<C>().read(tokens)
                      return .async { try await command.run() }
                  } })
    }

    /// A command that only holds subcommands (`planfit cache`): without one it prints its help.
    public init(_ about: CommandAbout, subcommands: [CommandTree]) {
        self.init(knownName: about.name, about: { about }, subcommands: { subcommands }, arguments: { [] },
                  prepare: { nil })
    }

    /// The command `make` makes, made only when something needs more than its name: finding `check`
    /// among a tool's commands then touches no other command's type (each one's metadata and code sit
    /// on pages of their own, and the page faults of touching fourteen of them were a tenth of a
    /// millisecond of every start). `name` must be the name the command's `about` gives.
    public static func named(_ name: String, _ make: @escaping () -> CommandTree) -> CommandTree {
        CommandTree(knownName: name, about: { make().about }, subcommands: { make().subcommands },
                    arguments: { make().arguments }, prepare: { make().prepare })
    }

    /// The name the command line uses.
    public var name: String { knownName ?? about.name }

    public var subcommands: [CommandTree] { makeSubcommands() }

    /// Reads the command line after the command's name and returns the work to do; nil for a command
    /// that only groups subcommands.
    var prepare: (([String]) throws -> PreparedRun)? { makePrepare() }

    /// The command's name and texts: a command's are made when something asks (its `about` may work
    /// its text out), so finding `check` does not make `diff`'s.
    public var about: CommandAbout { makeAbout() }

    /// Every argument, option and flag, groups flattened, in declaration order.
    public var arguments: [ArgumentInfo] { makeArguments() }

    public func subcommand(named name: String) -> CommandTree? {
        subcommands.first { $0.name == name }
    }

    /// The visible arguments, as help and completion list them.
    public var visibleArguments: [ArgumentInfo] { arguments.filter { !$0.isHidden } }
}

enum PreparedRun {
    case sync(() throws -> Void)
    case async(@Sendable () async throws -> Void)
}
