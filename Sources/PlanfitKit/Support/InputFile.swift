import Foundation

/// Reads the text files users name on the command line, with errors that say what is wrong.
public enum InputFile {
    /// The file's text; a missing file is exit 66, empty/binary/non-UTF-8 content exit 65.
    public static func readText(path: String) throws -> String {
        let data = try readData(path: path)
        return try decodeText(data, path: path)
    }

    public static func readData(path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path: path, kind: .missing)
        }
        if isDirectory.boolValue { throw FileError(path: path, kind: .unreadable, reason: "it is a directory, not a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileError(path: path, kind: .unreadable, reason: (error as NSError).localizedDescription)
        }
    }

    public static func decodeText(_ data: Data, path: String) throws -> String {
        if data.isEmpty { throw InputTextError(path: path, problem: .empty) }
        if data.contains(0) { throw InputTextError(path: path, problem: .binary) }
        guard var text = String(validating: data, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(data)
            throw InputTextError(path: path, problem: .notUTF8(byteOffset: offset))
        }
        // A UTF-8 byte order mark is not content.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var lo = 0, hi = bytes.count
        // Binary search for the shortest invalid prefix, allowing for a cut multi-byte sequence.
        while lo < hi {
            let mid = (lo + hi) / 2
            if String(validating: bytes[0...mid], as: UTF8.self) != nil || (mid + 4 < bytes.count && String(validating: bytes[0...min(mid + 3, bytes.count - 1)], as: UTF8.self) != nil) {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        return lo
    }
}

/// A file whose content is not text planfit can read.
public struct InputTextError: PlanfitError, Equatable {
    public enum Problem: Equatable, Sendable { case empty, binary, notUTF8(byteOffset: Int) }
    public var path: String
    public var problem: Problem

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch problem {
        case .empty: return "\(path): the file is empty"
        case .binary: return "\(path): the file is binary (it contains NUL bytes), not a text file"
        case .notUTF8(let offset): return "\(path): the file is not UTF-8 text (invalid byte near offset \(offset)); convert it, e.g. `iconv -f latin1 -t utf-8`"
        }
    }
}
