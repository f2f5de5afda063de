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

/// A text split into lines, each keeping its terminator ("\n" or "\r\n"), so that joining the lines
/// gives the original bytes back: CRLF endings and a missing final newline survive a diff round trip.
///
/// Lines are byte ranges into one buffer rather than separate strings, because diffing a large plan
/// must not allocate per line.
public struct TextLines: Sendable, Equatable {
    /// The whole text as UTF-8 bytes.
    public let bytes: [UInt8]
    /// `bounds[i] ..< bounds[i + 1]` is line `i`; there is one more bound than there are lines.
    @usableFromInline let bounds: [Int]

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var bounds = [0]
        bounds.reserveCapacity(bytes.count / 32 + 2)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count,
                  let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                bounds.append(offset)
            }
        }
        if bounds.last != bytes.count { bounds.append(bytes.count) }
        self.bounds = bounds
    }

    /// The number of lines; a final line without a terminator counts, an empty text has none.
    @inlinable public var count: Int { bounds.count - 1 }

    /// The byte range of line `index`, terminator included.
    @inlinable public func range(of index: Int) -> Range<Int> { bounds[index] ..< bounds[index + 1] }

    /// The bytes of line `index`, terminator included.
    @inlinable public subscript(index: Int) -> ArraySlice<UInt8> { bytes[range(of: index)] }

    /// Line `index` as text, terminator included.
    public func text(of index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    /// Whether line `index` ends with "\n"; only the last line of a text can lack it.
    @inlinable public func hasTerminator(_ index: Int) -> Bool {
        bounds[index + 1] > bounds[index] && bytes[bounds[index + 1] - 1] == UInt8(ascii: "\n")
    }

    /// The byte range of line `index` without its terminator ("\n" or "\r\n").
    public func contentRange(of index: Int) -> Range<Int> {
        var end = bounds[index + 1]
        let start = bounds[index]
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") {
            end -= 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        }
        return start ..< end
    }
}
