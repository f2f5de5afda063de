import Foundation

/// An output stream: stdout or stderr, and whether colour may be used on it.
///
/// Two kinds of writes, so no caller has to remember to sanitise:
/// - `write(_:)` and `write(displayBytes:)` are for people: reports in text or markdown, progress,
///   error messages. They pass through `TerminalText.sanitised`, so text from a model, a server, a plan
///   or a profile cannot drive the terminal. On a colour terminal planfit's own SGR colours are kept
///   (the writer gets already-styled text); see `TerminalText.sanitised` for what that allows.
/// - `writeVerbatim(_:)` and `write(bytes:)` keep every byte, for output programs read: `--format json`
///   (whose serializer escapes every control as `\u00XX`) and `--format patch` (a patch may need CRs and
///   any byte of the plan to apply). planfit's own cursor controls also go this way (`clearLine`).
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

    /// Text for people, sanitised.
    public func write(_ text: String) {
        write(displayBytes: Array(SecretRedaction.redact(text).utf8))
    }

    /// Bytes for people (a rendered line diff), sanitised like `write(_:)`.
    public func write(displayBytes: [UInt8]) {
        write(bytes: TerminalText.sanitised(bytes: displayBytes, keepingStyles: keepsStyles))
    }

    /// Whether planfit's colours may pass: the same answer as `supportsColor()` that the renderers
    /// were given, worked out once per stream (streamed chat text writes once per token).
    private var keepsStyles: Bool {
        switch fileDescriptor {
        case 1: return Self.standardOutputHasColor
        case 2: return Self.standardErrorHasColor
        default: return supportsColor()
        }
    }

    private static let standardOutputHasColor = standardOutput.supportsColor()
    private static let standardErrorHasColor = standardError.supportsColor()

    /// Text for programs, every byte kept.
    public func writeVerbatim(_ text: String) {
        write(bytes: Array(SecretRedaction.redact(text).utf8))
    }

    /// A plan or a program's format (`json`, `patch`): every byte kept when it goes to a file or a pipe,
    /// sanitised like text for people when it goes to a terminal.
    public func writeData(_ text: String) {
        if isatty(fileDescriptor) == 1 { write(text) } else { writeVerbatim(text) }
    }

    /// Erases the current line and returns to its start, for progress redrawn in place.
    public func clearLine() {
        write(bytes: Array("\u{1B}[2K\r".utf8))
    }
}
