/// A row of the cache holds a value planfit did not write there (the file was edited by hand or by
/// another program), so it cannot be read back.
public struct CacheContentError: PlanfitError, Equatable {
    public var path: String
    /// Which row, e.g. "answer 3f2a…" or "run 12".
    public var row: String
    public var column: String
    public var reason: String
    public var clearCommand = CacheLocation.defaultClearCommand

    public init(path: String, row: String, column: String, reason: String) {
        self.path = path
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var exitStatus: ExitStatus { .ioError }

    public var description: String {
        "\(path): \(row) has an unreadable `\(column)` column (\(reason)); run `\(clearCommand)` to start "
            + "an empty cache"
    }
}
