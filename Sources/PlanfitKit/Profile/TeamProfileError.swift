/// A team profile that cannot be used, with the place (file:line:column) and the fix.
public struct TeamProfileError: PlanfitError, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The key path inside the document, like `members[1].hours_per_week`, when one applies.
    public var keyPath: String?
    public var message: String

    public init(file: String, line: Int?, column: Int?, keyPath: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        let path = keyPath.map { " (at \($0))" } ?? ""
        return "\(location): \(message)\(path)"
    }
}
