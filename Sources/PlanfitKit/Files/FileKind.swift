#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path names, following symbolic links (as `FileManager.fileExists(atPath:isDirectory:)`
/// did): one `stat(2)`, no Foundation.
public enum FileKind: Equatable, Sendable {
    case missing
    case file
    case directory
    /// A device, FIFO or socket.
    case other

    public static func of(_ path: String) -> FileKind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }
}
