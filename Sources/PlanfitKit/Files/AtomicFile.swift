import Foundation

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
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).planfit-\(getpid()).tmp")
        do {
            let data = Data(SecretRedaction.redact(text).utf8)
            if let mode {
                // Created with the mode, so the file is never readable by others, not even for a moment.
                let descriptor = open(temp.path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, mode)
                guard descriptor >= 0 else {
                    throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno),
                                  userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
                fchmod(descriptor, mode)
                let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                try handle.write(contentsOf: data)
                try handle.close()
            } else {
                try data.write(to: temp)
            }
            // rename(2) replaces an existing file in one step. (FileManager.replaceItemAt on Linux
            // failed with "the file doesn't exist" and removed the file it was to replace.)
            if rename(temp.path, url.path) != 0 {
                throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno),
                              userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw FileError(path: path, kind: .unwritable, reason: (error as NSError).localizedDescription)
        }
    }

    /// Writes into an existing FIFO or device as it is.
    static func writeThrough(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw FileError(path: path, kind: .unwritable, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let bytes = Array(SecretRedaction.redact(text).utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw FileError(path: path, kind: .unwritable, reason: String(cString: strerror(errno))) }
            written += n
        }
    }
}
