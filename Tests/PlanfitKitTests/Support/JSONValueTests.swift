import Foundation
import Testing
@testable import PlanfitKit

@Suite struct JSONValueTests {
    @Test func canonicalTextSortsKeysAndKeepsIntegers() throws {
        let value = try JSONValue.parse(#"{"b": 1, "a": [true, null, 2.5, "x\"y"], "c": {"z": 0, "y": -3}}"#)
        #expect(value.canonicalText == #"{"a":[true,null,2.5,"x\"y"],"b":1,"c":{"y":-3,"z":0}}"#)
    }

    @Test func parsingCanonicalTextGivesTheSameValue() throws {
        let text = #"{"emoji":"\ud83d\ude00 ünïcødé","n":1e3,"t":"tab\tnew\nline"}"#
        let value = try JSONValue.parse(text)
        #expect(try JSONValue.parse(value.canonicalText) == value)
        #expect(value["emoji"]?.stringValue == "😀 ünïcødé")
    }

    /// Strings and keys are written as the escaping loop always wrote them, plain ASCII ones included
    /// (which skip it), and keys sort by their UTF-8 bytes.
    @Test func stringsAreWrittenAsTheEscapingLoopWritesThem() {
        func reference(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F || TerminalText.isUnsafe(scalar.value) {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "0", " ", "~", "/", "\"", "\\", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9B}", "é", "€",
                      "😀", "\u{202E}", "\u{200F}", "{", "}", "%", "'"]
        for _ in 0..<2000 {
            let s = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(JSONValue.string(s).canonicalText == reference(s), "\(s.debugDescription)")
        }
        let keys = ["b", "a", "B", "é", "e", "ab", "a b", "😀", ""]
        let object = JSONValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.int(1)) }))
        let sorted = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(object.canonicalText == "{" + sorted.map { reference($0) + ":1" }.joined(separator: ",") + "}")
    }

    /// Issue 9: JSON output may be printed to a terminal, so every control and bidi character is an
    /// escape in the text, and parsing gives the original string back.
    @Test func controlsAndBidiCharactersAreEscaped() throws {
        var original = "esc\u{1B}]0;t\u{07} del\u{7F} csi\u{9B} rlo\u{202E} lri\u{2066} rlm\u{200F} nul\u{0}"
        original += (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        let text = JSONValue.string(original).canonicalText
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || TerminalText.isUnsafe($0.value) })
        #expect(text.contains(#"\u001b]0;t\u0007 del\u007f csi\u009b rlo\u202e lri\u2066 rlm\u200f nul\u0000"#))
        #expect(try JSONValue.parse(text).stringValue == original)
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String
        #expect(foundation == original)
    }

    @Test func invalidJSONNamesLineAndColumn() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse("{\n  \"a\": tru }") }
        do {
            _ = try JSONValue.parse("{\n  \"a\": 1,\n}")
        } catch let error as JSONParseError {
            #expect(error.description.contains("line 3"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

/// Issue 12: planfit keeps its own JSON reader (see `JSONTextParser` for why); this holds it to
/// Foundation's: on thousands of generated near-JSON documents both accept and refuse the same ones.
@Suite struct JSONParserDifferentialTests {
    static let pieces = ["{", "}", "[", "]", ",", ":", " ", "\"a\"", "\"\\u00e9\"", "\"\\n\"", "\"x", "0", "1", "-1", "01", "-0",
                         "1.", ".5", "1.5", "1e5", "1e", "1E+2", "1e-2", "-", "+1", "1.e3", "0.0", "true", "false", "null",
                         "tru", "nul", "\"\\q\"", "1e400", "\t", "\n", "\"k\":1"]

    func foundationAccepts(_ text: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil
    }

    @Test func acceptsExactlyWhatFoundationAccepts() {
        var generator = SplitMix64(seed: 20261129)
        var disagreements: [String] = []
        for _ in 0..<6000 {
            let count = Int.random(in: 1...7, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let ours = (try? JSONValue.parse(text)) != nil
            if ours != foundationAccepts(text) { disagreements.append("\(ours ? "planfit accepts" : "planfit refuses"): \(text)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }

    @Test func numbersFollowRFC8259() {
        for valid in ["0", "-0", "1", "-12", "1.5", "1e5", "1E+2", "1e-2", "0.0", "123456789012345678901234567890"] {
            #expect((try? JSONValue.parse(valid)) != nil, "\(valid)")
        }
        for invalid in ["01", "-01", "1.", ".5", "+1", "1e", "1.e3", "-", "1e400", "--1", "1-2", "0x10"] {
            #expect((try? JSONValue.parse(invalid)) == nil, "\(invalid)")
        }
    }
}

