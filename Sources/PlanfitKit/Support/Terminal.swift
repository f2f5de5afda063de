import Foundation

/// An output stream: stdout or stderr, and whether colour may be used on it.
public struct Terminal: Sendable {
    public let fileDescriptor: Int32

    public static let standardOutput = Terminal(fileDescriptor: 1)
    public static let standardError = Terminal(fileDescriptor: 2)

    /// Colour only on a terminal and never when NO_COLOR is set (https://no-color.org).
    public func supportsColor(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }

    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }
}
