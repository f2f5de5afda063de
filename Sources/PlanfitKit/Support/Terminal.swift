#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// `--color`: `auto` decides from the environment and the stream, `always` and `never` decide alone.
    public enum ColorChoice: String, Sendable, CaseIterable {
        case auto, always, never
    }

    /// The process's `--color` choice. Set once, from the command line, before anything is printed:
    /// the streams remember their answer after the first write.
    public static var colorChoice: ColorChoice {
        get { colorChoiceBox.lock.withLock { colorChoiceBox.value } }
        set { colorChoiceBox.lock.withLock { colorChoiceBox.value = newValue } }
    }

    /// A lock rather than `Mutex`, which needs macOS 15 (the package supports macOS 13).
    /// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
    private final class ChoiceBox: @unchecked Sendable {
        let lock = Lock()
        var value = ColorChoice.auto
    }

    private static let colorChoiceBox = ChoiceBox()

    /// Whether to colour this stream. `--color always|never` decides; with `auto`, NO_COLOR (set and
    /// not empty, https://no-color.org) turns colour off, then FORCE_COLOR (set and not empty,
    /// https://force-color.org) or CLICOLOR_FORCE (set and not `0`) turn it on even off a terminal;
    /// otherwise colour only on a terminal whose TERM is not `dumb`.
    /// The four variables are read one at a time (`ProcessEnvironment`), not from a copy of the whole
    /// environment: every run asks this for each stream it writes.
    public func supportsColor() -> Bool {
        Self.colorDecision(choice: Self.colorChoice, variable: ProcessEnvironment.value, isTerminal: isatty(fileDescriptor) == 1)
    }

    /// The decision `supportsColor` makes, without the process's state, for tests.
    public static func colorDecision(choice: ColorChoice, environment: [String: String], isTerminal: Bool) -> Bool {
        colorDecision(choice: choice, variable: { environment[$0] }, isTerminal: isTerminal)
    }

    static func colorDecision(choice: ColorChoice, variable: (String) -> String?, isTerminal: Bool) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto: break
        }
        if let noColor = variable("NO_COLOR"), !noColor.isEmpty { return false }
        if let force = variable("FORCE_COLOR"), !force.isEmpty { return true }
        if let force = variable("CLICOLOR_FORCE"), !force.isEmpty, force != "0" { return true }
        if variable("TERM") == "dumb" { return false }
        return isTerminal
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
