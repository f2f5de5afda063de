#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment variables and current folder, read from libc.
///
/// `ProcessInfo.processInfo.environment` builds a dictionary of every variable at each call (~20 µs for
/// forty variables), and its first use also sets up `ProcessInfo` (~60 µs more): a cache hit asked for
/// it five times (cache path, server settings, colour of each stream) and spent more time there than
/// in SQLite. Reading one variable here is a scan of `environ`, no copies.
///
/// Both read `environ` as `ProcessInfo` does, so planfit sees the same values as before: an entry
/// without `=` is skipped, and of two entries with one name the last counts (`getenv` would give the
/// first). Both read it at each call, so a change made with `setenv` is seen.
public enum ProcessEnvironment {
    /// The variable's value, nil when it is not set.
    public static func value(_ name: String) -> String? {
        var found: String?
        name.withCString { wanted in
            let length = strlen(wanted)
            forEachEntry { entry in
                if strncmp(entry, wanted, length) == 0, entry[length] == CChar(UInt8(ascii: "=")) {
                    found = String(cString: entry + length + 1)
                }
            }
        }
        return found
    }

    /// Every variable, for the APIs that take a dictionary (server settings).
    public static func variables() -> [String: String] {
        var result: [String: String] = [:]
        forEachEntry { entry in
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return }
            result[String(decoding: UnsafeBufferPointer(rebasing: bytes[..<equals]), as: UTF8.self)] =
                String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)...]), as: UTF8.self)
        }
        return result
    }

    /// Calls `body` with each `NAME=value` entry of the environment, in order.
    private static func forEachEntry(_ body: (UnsafeMutablePointer<CChar>) -> Void) {
        #if canImport(Darwin)
        guard var entry = _NSGetEnviron()?.pointee else { return }
        #else
        guard var entry = environ as UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? else { return }
        #endif
        while let pointer = entry.pointee {
            body(pointer)
            entry += 1
        }
    }

    /// The current folder (`getcwd`), "" when it cannot be read (removed, or its path too long): what
    /// `FileManager.default.currentDirectoryPath` gives, without setting up `FileManager`.
    public static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "" }
        defer { free(path) }
        return String(cString: path)
    }
}
