/// A command's name and the text its help starts with.
public struct CommandAbout: Sendable {
    public var name: String
    /// One line: the help's OVERVIEW and the parent's list of subcommands.
    public var abstract: String
    /// Paragraphs after the overview; lines are wrapped to the terminal, indentation kept.
    public var discussion: String

    public init(name: String, abstract: String, discussion: String = "") {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
    }
}

/// A command that runs synchronously, on the main thread.
public protocol Command: CommandArguments {
    static var about: CommandAbout { get }
    func run() throws
}

/// A command that needs Swift concurrency (a model server, several plans at once). The concurrency
/// runtime starts only for these: a synchronous command does not pay for its threads.
public protocol AsyncCommand: CommandArguments, Sendable {
    static var about: CommandAbout { get }
    func run() async throws
}

/// Thrown by `validate()` or a command for a command line that does not make sense: printed with
/// the usage line, exit 64.
public struct ValidationError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Thrown to end the process with this status; anything to say has been said.
public struct ExitCode: Error, Equatable {
    public var rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }
}
