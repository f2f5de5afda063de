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

/// Reads a text file a user named, refusing anything that is not UTF-8 text with an error that says
/// where the problem is.
public enum TextFile {
    /// The file's bytes, checked to be UTF-8 text.
    /// - Throws: `FileError` when the file is missing or unreadable, `TextInputError` when it is binary
    ///   or not UTF-8.
    public static func read(path: String) throws -> [UInt8] {
        let kind = FileKind.of(path)
        guard kind != .missing else {
            throw FileError(path: path, kind: .missing)
        }
        if kind == .directory {
            throw FileError(path: path, kind: .unreadable, reason: "it is a directory")
        }
        let bytes = try readBytes(path: path)
        try validate(bytes, path: path)
        return bytes
    }

    /// Reads straight into an array: going through `Data` copies the whole file once more.
    private static func readBytes(path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileError(path: path, kind: .unreadable, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FileError(path: path, kind: .unreadable, reason: String(cString: strerror(errno)))
        }
        // One byte more than the size, so the read that reports the end has room and nothing regrows.
        var bytes = [UInt8](repeating: 0, count: max(0, Int(status.st_size)) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }   // the file grew, or is a pipe
            let count = bytes.withUnsafeMutableBytes { buffer in
                SystemIO.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, kind: .unreadable, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Checks that `bytes` are UTF-8 without NUL bytes.
    public static func validate(_ bytes: [UInt8], path: String) throws {
        guard let offset = firstInvalidOffset(bytes) else { return }
        let line = 1 + bytes[..<offset].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        throw TextInputError(path: path, kind: bytes[offset] == 0 ? .binary : .invalidUTF8,
                             line: line, offset: offset, byte: bytes[offset])
    }

    /// The offset of the first NUL byte or invalid UTF-8 sequence (overlong forms, surrogates and
    /// code points above U+10FFFF are invalid), or nil when the bytes are clean text.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            var index = 0
            let raw = UnsafeRawPointer(buffer.baseAddress)
            while index < count {
                // Eight ASCII bytes without a NUL at once: the common case for plans.
                if let raw, index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let hasZeroByte = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if word & 0x8080_8080_8080_8080 == 0, hasZeroByte == 0 {
                        index += 8
                        continue
                    }
                }
                let lead = buffer[index]
                if lead < 0x80 {
                    if lead == 0 { return index }
                    index += 1
                    continue
                }
                let length: Int, low: UInt8, high: UInt8   // bounds of the second byte
                switch lead {
                case 0xC2 ... 0xDF: (length, low, high) = (2, 0x80, 0xBF)
                case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
                case 0xE1 ... 0xEC, 0xEE ... 0xEF: (length, low, high) = (3, 0x80, 0xBF)
                case 0xED: (length, low, high) = (3, 0x80, 0x9F)
                case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
                case 0xF1 ... 0xF3: (length, low, high) = (4, 0x80, 0xBF)
                case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
                default: return index
                }
                guard index + length <= count else { return index }
                let second = buffer[index + 1]
                guard second >= low, second <= high else { return index }
                for continuation in 2 ..< length where buffer[index + continuation] & 0xC0 != 0x80 {
                    return index
                }
                index += length
            }
            return nil
        }
    }
}
