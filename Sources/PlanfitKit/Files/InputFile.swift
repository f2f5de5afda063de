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

/// Reads the plans and profiles users name on the command line: `TextFile`'s checks (missing file
/// exit 66; binary or non-UTF-8 exit 65, with the line), plus: an empty file is an error too.
public enum InputFile {
    public static func readText(path: String) throws -> String {
        try decodeText(readBytes(path: path), path: path)
    }

    /// The file's bytes, checked to be UTF-8 text (for digests of exactly what was read). `-` is
    /// standard input, as in other command-line tools.
    public static func readBytes(path: String) throws -> [UInt8] {
        guard path == "-" else { return try TextFile.read(path: path) }
        let bytes = try readStandardInput()
        try TextFile.validate(bytes, path: path)
        return bytes
    }

    /// More than any plan or profile: beyond it, standard input is refused rather than read on.
    public static let standardInputLimit = 64 << 20

    static func readStandardInput() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw FileError(path: "-", kind: .unreadable, reason: String(cString: strerror(errno))) }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
            if bytes.count > standardInputLimit {
                throw FileError(path: "-", kind: .unreadable, reason: "standard input holds more than \(standardInputLimit >> 20) MiB, more than any plan or profile")
            }
        }
    }

    /// The text of bytes `readBytes` returned (already checked to be UTF-8): an empty file is an error.
    public static func decodeText(_ bytes: [UInt8], path: String) throws -> String {
        if bytes.isEmpty { throw TextInputError(path: path, kind: .empty, line: 1, offset: 0, byte: 0) }
        var text = String(decoding: bytes, as: UTF8.self)
        // A UTF-8 byte order mark is not content.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}
