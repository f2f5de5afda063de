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
/// in SQLite. A single variable is one `getenv`.
public enum ProcessEnvironment {
    /// The variable's value, nil when it is not set.
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Every variable, for the APIs that take a dictionary (server settings, the cache's location). As
    /// `getenv` reads them: an entry without `=` is skipped, and of two entries with one name the first
    /// counts. Built anew at each call, so a change made with `setenv` is seen.
    public static func variables() -> [String: String] {
        var result: [String: String] = [:]
        #if canImport(Darwin)
        guard var entry = _NSGetEnviron()?.pointee else { return result }
        #else
        guard var entry = environ as UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? else { return result }
        #endif
        while let pointer = entry.pointee {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<equals]), as: UTF8.self)
                if result[name] == nil {
                    result[name] = String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)...]), as: UTF8.self)
                }
            }
            entry += 1
        }
        return result
    }

    /// The current folder (`getcwd`), "" when it cannot be read (removed, or its path too long): what
    /// `FileManager.default.currentDirectoryPath` gives, without setting up `FileManager`.
    public static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "" }
        defer { free(path) }
        return String(cString: path)
    }
}
