#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The bytes of one `RunJournal` entry, and back.
///
/// A frame is `PFJ1`, the payload's length (UInt32, little-endian), its FNV-1a 64 checksum (UInt64,
/// little-endian), then the payload: the entry id and its columns, each a name and a tagged value.
/// Binary rather than JSON because a repeat's row carries its whole report: escaping ~20 KB of text
/// would cost more than the append it serves. The checksum tells a frame cut short or damaged by a
/// crash (a file system may leave zeros or old bytes at the end of a file after a power cut) from a
/// whole one. After a frame that is not whole, decoding goes on at the next `PFJ1` (later runs append
/// after a cut-off one), so one torn entry costs only itself.
enum RunJournalFrame {
    static let magic: [UInt8] = Array("PFJ1".utf8)
    static let headerSize = 16

    private enum Tag: UInt8 {
        case null = 0, integer = 1, real = 2, text = 3, blob = 4
    }

    static func encode(_ entry: RunJournal.Entry) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(entry.columns.reduce(64) { $0 + $1.name.utf8.count + 16 + (($1.value.textValue?.utf8.count) ?? 0) })
        appendText(entry.id, to: &payload)
        appendInteger(UInt64(entry.columns.count), bytes: 2, to: &payload)
        for column in entry.columns {
            let name = Array(column.name.utf8.prefix(255))
            payload.append(UInt8(name.count))
            payload.append(contentsOf: name)
            switch column.value {
            case .null:
                payload.append(Tag.null.rawValue)
            case .integer(let value):
                payload.append(Tag.integer.rawValue)
                appendInteger(UInt64(bitPattern: value), bytes: 8, to: &payload)
            case .real(let value):
                payload.append(Tag.real.rawValue)
                appendInteger(value.bitPattern, bytes: 8, to: &payload)
            case .text(let text):
                payload.append(Tag.text.rawValue)
                appendText(text, to: &payload)
            case .blob(let data):
                payload.append(Tag.blob.rawValue)
                appendInteger(UInt64(data.count), bytes: 4, to: &payload)
                payload.append(contentsOf: data)
            }
        }
        var frame = magic
        frame.reserveCapacity(headerSize + payload.count)
        appendInteger(UInt64(payload.count), bytes: 4, to: &frame)
        appendInteger(checksum(payload[...]), bytes: 8, to: &frame)
        frame.append(contentsOf: payload)
        return frame
    }

    /// The whole frames in `bytes`, and how many bytes are not part of one.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (entries: [RunJournal.Entry], unreadableBytes: Int) {
        var entries: [RunJournal.Entry] = []
        var unreadable = 0
        var reader = Reader(bytes: bytes)
        // A damaged file could make every byte look like the start of a frame as long as the file:
        // checksumming each would take time growing with the square of its size. Whole frames are
        // checksummed once, so twice the file's size is enough for any journal planfit wrote.
        reader.checksumBudget = 2 * bytes.count + 65_536
        while reader.remaining > 0 {
            let start = reader.position
            if let entry = reader.frame() {
                entries.append(entry)
                continue
            }
            let next = nextMagic(in: bytes, after: start) ?? bytes.endIndex
            unreadable += next - start
            reader.position = next
        }
        return (entries, unreadable)
    }

    /// Where the next frame may start after `index`.
    private static func nextMagic(in bytes: ArraySlice<UInt8>, after index: Int) -> Int? {
        var candidate = index + 1
        while candidate + magic.count <= bytes.endIndex {
            if bytes[candidate] == magic[0], bytes[candidate..<candidate + magic.count].elementsEqual(magic) { return candidate }
            candidate += 1
        }
        return nil
    }

    /// FNV-1a, 64 bits: enough to tell a damaged frame, and cheap on a ~20 KB report.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func appendInteger(_ value: UInt64, bytes count: Int, to buffer: inout [UInt8]) {
        for index in 0..<count { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    private static func appendText(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendInteger(UInt64(utf8.count), bytes: 4, to: &buffer)
            buffer.append(contentsOf: utf8)
        }
    }

    /// Reads frames, checking every length against the bytes left.
    private struct Reader {
        let bytes: ArraySlice<UInt8>
        var position: Int
        var checksumBudget = Int.max

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        var remaining: Int { bytes.endIndex - position }

        mutating func frame() -> RunJournal.Entry? {
            guard remaining >= RunJournalFrame.headerSize, bytes[position..<position + 4].elementsEqual(RunJournalFrame.magic) else { return nil }
            position += 4
            guard let length = integer(4), let sum = integer(8), Int(length) <= remaining, Int(length) <= checksumBudget else { return nil }
            checksumBudget -= Int(length)
            let payloadEnd = position + Int(length)
            guard RunJournalFrame.checksum(bytes[position..<payloadEnd]) == sum else { return nil }
            var payload = Reader(bytes: bytes[position..<payloadEnd])
            position = payloadEnd
            return payload.entry()
        }

        private mutating func entry() -> RunJournal.Entry? {
            guard let id = text(), let count = integer(2) else { return nil }
            var columns: [RunJournal.Entry.Column] = []
            for _ in 0..<count {
                guard let nameLength = integer(1), let nameBytes = take(Int(nameLength)), let tagByte = integer(1),
                      let tag = Tag(rawValue: UInt8(tagByte)) else { return nil }
                let value: SQLiteValue
                switch tag {
                case .null: value = .null
                case .integer:
                    guard let raw = integer(8) else { return nil }
                    value = .integer(Int64(bitPattern: raw))
                case .real:
                    guard let raw = integer(8) else { return nil }
                    value = .real(Double(bitPattern: raw))
                case .text:
                    guard let text = text() else { return nil }
                    value = .text(text)
                case .blob:
                    guard let length = integer(4), let data = take(Int(length)) else { return nil }
                    value = .blob(Data(data))
                }
                columns.append(.init(name: String(decoding: nameBytes, as: UTF8.self), value: value))
            }
            guard remaining == 0 else { return nil }
            return RunJournal.Entry(id: id, columns: columns)
        }

        private mutating func integer(_ count: Int) -> UInt64? {
            guard let raw = take(count) else { return nil }
            var value: UInt64 = 0
            for (index, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
            return value
        }

        private mutating func text() -> String? {
            guard let length = integer(4), let raw = take(Int(length)) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }

        private mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= remaining else { return nil }
            defer { position += count }
            return bytes[position..<position + count]
        }
    }
}
