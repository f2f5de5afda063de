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
