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
