/// A command line that cannot work as given (exit 64), found after argument parsing, e.g. `-o` naming
/// an input file.
public struct UsageError: PlanfitError, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var exitStatus: ExitStatus { .usage }
    public var description: String { message }
}
