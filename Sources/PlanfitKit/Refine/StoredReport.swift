#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a refine/propose run printed and wrote, stored so that the same run repeated prints it again
/// without grounding and rendering the answer anew (issue 11: a cache hit within 2x of a `sqlite3`
/// read). Found by a key over the run's inputs, the answer it showed and every option that shapes the
/// output (`RefineService.reportKey`): any difference renders afresh.
public struct StoredReport: Codable, Sendable, Equatable {
    /// The report as printed.
    public var text: String
    /// The plan `-o` writes (the adapted plan).
    public var adaptedText: String
    /// Whether the plan shown is no worse than the original: `-o` is written and the exit status is 0.
    public var isImprovement: Bool
    /// Why `-o` was not written, when it was not.
    public var verdictSentence: String
    /// The `StoredAdaptation` JSON the history keeps for `planfit apply`.
    public var adaptation: String
    public var model: String
    public var verdict: String

    public init(text: String, adaptedText: String, isImprovement: Bool, verdictSentence: String, adaptation: String,
                model: String, verdict: String) {
        self.text = text
        self.adaptedText = adaptedText
        self.isImprovement = isImprovement
        self.verdictSentence = verdictSentence
        self.adaptation = adaptation
        self.model = model
        self.verdict = verdict
    }

    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Nil for a row this planfit cannot read: the run is then rendered afresh.
    ///
    /// A stored report is one flat JSON object of strings and a boolean, which `decodeFlat` reads
    /// directly; `JSONDecoder` reads the rest (and gives the verdict on anything odd). Reading this
    /// row is most of what a cache hit does, and `JSONDecoder`'s first use in a process costs ~0.3 ms,
    /// its reading of the ~16 kB another ~50 µs; `decodeFlat` takes a few.
    public static func decode(_ text: String) -> StoredReport? {
        if let report = decodeFlat(text) { return report }
        return try? JSONDecoder().decode(StoredReport.self, from: Data(text.utf8))
    }

    /// The report, when `text` is an object whose members are strings, booleans or null and holds each
    /// field with its type; nil otherwise (also for what `JSONDecoder` would refuse), to be left to
    /// `JSONDecoder`. Unknown members are ignored, as `JSONDecoder` ignores them.
    static func decodeFlat(_ text: String) -> StoredReport? {
        guard let members = FlatJSONObject.members(text) else { return nil }
        func string(_ key: String) -> String? {
            if case .string(let value)? = members[key] { return value }
            return nil
        }
        guard let text = string("text"), let adaptedText = string("adaptedText"),
              case .bool(let isImprovement)? = members["isImprovement"],
              let verdictSentence = string("verdictSentence"), let adaptation = string("adaptation"),
              let model = string("model"), let verdict = string("verdict") else { return nil }
        return StoredReport(text: text, adaptedText: adaptedText, isImprovement: isImprovement, verdictSentence: verdictSentence,
                            adaptation: adaptation, model: model, verdict: verdict)
    }
}

/// A reader for the one shape of JSON a stored report has: an object whose members are strings,
/// booleans or null. Anything else (nesting, numbers, a key given twice, a lone surrogate, a syntax
/// error) gives nil, and the caller falls back to a full JSON decoder.
enum FlatJSONObject {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case null
    }

    static func members(_ text: String) -> [String: Value]? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return reader.object()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func object() -> [String: Value]? {
            skipWhitespace()
            guard next(UInt8(ascii: "{")) else { return nil }
            var members: [String: Value] = [:]
            skipWhitespace()
            if next(UInt8(ascii: "}")) { return end(members) }
            while true {
                skipWhitespace()
                guard let key = string() else { return nil }
                skipWhitespace()
                guard next(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                guard let value = value(), members.updateValue(value, forKey: key) == nil else { return nil }
                skipWhitespace()
                if next(UInt8(ascii: ",")) { continue }
                guard next(UInt8(ascii: "}")) else { return nil }
                return end(members)
            }
        }

        /// The members, when nothing but white space follows the object.
        mutating func end(_ members: [String: Value]) -> [String: Value]? {
            skipWhitespace()
            return index == bytes.count ? members : nil
        }

        mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return word("null") ? .null : nil
            default: return nil
            }
        }

        mutating func string() -> String? {
            guard next(UInt8(ascii: "\"")) else { return nil }
            var decoded: [UInt8] = []
            var run = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let tail = UnsafeBufferPointer(rebasing: bytes[run..<index])
                    index += 1
                    if decoded.isEmpty { return String(decoding: tail, as: UTF8.self) }
                    decoded.append(contentsOf: tail)
                    return String(decoding: decoded, as: UTF8.self)
                }
                if byte < 0x20 { return nil }
                if byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                index += 1
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        guard next(UInt8(ascii: "\\")), next(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    decoded.append(contentsOf: UTF8.encode(scalar)!)
                default:
                    return nil
                }
                run = index
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }

        mutating func word(_ word: String) -> Bool {
            let expected = word.utf8
            guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else { return false }
            index += expected.count
            return true
        }

        mutating func next(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }
    }
}
