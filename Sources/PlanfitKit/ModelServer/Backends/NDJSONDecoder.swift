#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Incremental newline-delimited JSON splitter (Ollama's streaming format). Feed chunks as they
/// arrive; it returns each complete non-blank line. Bytes are kept until the newline so a line
/// split inside a UTF-8 sequence decodes correctly.
public struct NDJSONDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    public mutating func feed(_ chunk: Data) -> [String] {
        var lines: [String] = []
        for byte in chunk {
            if byte == 0x0A {
                emit(into: &lines)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// Call at end of stream: returns a last line that had no newline.
    public mutating func finish() -> [String] {
        var lines: [String] = []
        emit(into: &lines)
        return lines
    }

    private mutating func emit(into lines: inout [String]) {
        if pending.last == 0x0D { pending.removeLast() }
        let line = String(decoding: pending, as: UTF8.self)
        pending.removeAll(keepingCapacity: true)
        if !line.allSatisfy(\.isWhitespace) { lines.append(line) }
    }
}
