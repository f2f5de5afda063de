#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment variables, read straight from the C library.
///
/// Foundation's `ProcessInfo.processInfo.environment` first builds the `ProcessInfo` singleton and
/// then copies the environment into a new dictionary on every call; on a command that runs in a few
/// milliseconds that was visible in profiles (issue 11). Reading one variable is a `getenv`.
public enum ProcessEnvironment {
    /// The variable's value, or nil when it is not set.
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Every variable, for code that takes the environment as a value (settings, cache location) so
    /// tests can pass their own. A name given twice keeps its first value, as `getenv` reads it.
    public static var current: [String: String] {
        var values: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if values[name] == nil { values[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return values
    }
}
