/// A plan annotation planfit cannot read, with its place and the fix.
public struct PlanParseError: PlanfitError, Equatable {
    public var file: String
    public var line: Int
    public var column: Int?
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(message)"
    }
}
