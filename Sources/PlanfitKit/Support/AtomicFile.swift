import Foundation

/// Writes a file so readers never see half of it: a temporary file in the same folder, then rename.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).planfit-\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temp)
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
