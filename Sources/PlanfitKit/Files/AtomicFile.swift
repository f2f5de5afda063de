#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so readers never see half of it: a temporary file in the same folder, then rename.
///
/// A path that is not a regular file is written through, not replaced: a symlink's target is replaced
/// (the link stays), and a FIFO or a device (`/dev/stdout`, `/dev/null`) is simply written to.
/// Registered secrets (`SecretRedaction`) are redacted from what it writes: a plan or report may quote a
/// key a server echoed.
public enum AtomicFile {
    /// `mode` nil keeps the umask's mode (plans and reports the user shares); cassettes pass 0600.
    public static func write(_ text: String, to path: String, mode: mode_t? = nil) throws {
        var status = stat()
        if lstat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                // Follow the link to its end: a regular file there is replaced atomically (the link
                // stays); anything else (`/dev/stdout` -> a pipe or a terminal) is written through.
                var target = stat()
                if stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFREG, let resolved = realpath(path, nil) {
                    defer { free(resolved) }
                    return try write(text, to: String(cString: resolved), mode: mode)
                }
                return try writeThrough(text, to: path)
            case S_IFREG, S_IFDIR:
                break
            default:
                return try writeThrough(text, to: path)
            }
        }
        let temp = PathText.join(PathText.parent(path), ".\(PathText.lastComponent(path)).planfit-\(getpid()).tmp")
        let bytes = Array(SecretRedaction.redact(text).utf8)
        // Created with the mode when one is given, so the file is never readable by others, not even for
        // a moment; otherwise 0666 less the umask, as any program's new file.
        let descriptor = open(temp, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, mode ?? 0o666)
        guard descriptor >= 0 else { throw FileError(path: path, kind: .unwritable, reason: String(cString: strerror(errno))) }
        var failure: String?
        if let mode { fchmod(descriptor, mode) }
        if let reason = writeAll(bytes, to: descriptor) { failure = reason }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        // rename(2) replaces an existing file in one step. (FileManager.replaceItemAt on Linux failed
        // with "the file doesn't exist" and removed the file it was to replace.)
        if failure == nil, rename(temp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp)
            throw FileError(path: path, kind: .unwritable, reason: failure)
        }
    }

    /// Writes every byte, or returns the system's reason it could not.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { SystemIO.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return String(cString: strerror(errno)) }
            written += n
        }
        return nil
    }

    /// Writes into an existing FIFO or device as it is.
    static func writeThrough(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw FileError(path: path, kind: .unwritable, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if let reason = writeAll(Array(SecretRedaction.redact(text).utf8), to: descriptor) {
            throw FileError(path: path, kind: .unwritable, reason: reason)
        }
    }
}
