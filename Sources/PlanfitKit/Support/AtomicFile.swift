import Foundation

/// Writes a file so readers never see half of it: a temporary file in the same folder, then rename.
/// Registered secrets (`SecretRedaction`) are redacted from what it writes: a plan or report may quote a
/// key a server echoed.
public enum AtomicFile {
    /// `mode` nil keeps the umask's mode (plans and reports the user shares); cassettes pass 0600.
    public static func write(_ text: String, to path: String, mode: mode_t? = nil) throws {
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
}
