import Testing
@testable import PlanfitKit

/// The strict walk both readers share: keys are text, known, and appear once.
@Suite struct YAMLMappingWalkTests {
    func node(_ text: String) throws -> YAMLNode {
        try #require(try YAMLComposer().compose(text))
    }

    func problem(_ text: String, allowed: [String]?) throws -> YAMLMappingWalk.Problem? {
        let root = try node(text)
        do {
            _ = try YAMLMappingWalk.entries(of: root, allowed: allowed)
            return nil
        } catch {
            return error
        }
    }

    @Test func entriesKeepDocumentOrder() throws {
        let entries = try YAMLMappingWalk.entries(of: try node("b: 1\na: [x]\n"), allowed: ["a", "b"])
        #expect(entries.map(\.key) == ["b", "a"])
        #expect(entries[1].keyNode.line == 2 && entries[1].value.sequence?.count == 1)
    }

    @Test func anUnknownKeyComesWithTheLikelyKey() throws {
        let typo = try #require(try problem("hours_per_weak: 2\n", allowed: ["hours_per_week", "handle"]))
        guard case let .unknownKey(key, keyNode, suggestion) = typo else { Issue.record("\(typo)"); return }
        #expect(key == "hours_per_weak" && suggestion == "hours_per_week")
        #expect(keyNode.line == 1 && keyNode.column == 1)
        guard case .unknownKey(_, _, nil)? = try problem("colour: red\n", allowed: ["team", "members"]) else {
            Issue.record("no suggestion expected for a different word")
            return
        }
        #expect(try problem("anything: 1\n", allowed: nil) == nil)
    }

    /// Small mappings are checked against a list, large ones against a set: a repeat is caught either
    /// way, whether its first use was before the switch or after. (The repeats are quoted: the composer
    /// itself refuses a key repeated as the same YAML.)
    @Test func aRepeatedKeyIsCaughtInMappingsOfAnySize() throws {
        for count in [3, 15, 16, 17, 40] {
            let keys = (1...count).map { "\($0)" }
            #expect(try problem(keys.map { "\($0): 1\n" }.joined(), allowed: nil) == nil, "\(count) keys")
            for repeated in Set([keys[0], keys[count / 2], keys[count - 1]]) {
                let text = keys.map { "\($0): 1\n" }.joined() + "'\(repeated)': 2\n"
                guard case .duplicateKey(let key, let keyNode)? = try problem(text, allowed: nil) else {
                    Issue.record("\(repeated) of \(count) keys not caught")
                    continue
                }
                #expect(key == repeated && keyNode.line == count + 1)
            }
        }
    }

    /// `1` and `'1'` are different YAML (an int and a string), so the composer lets them through; as
    /// text they are the same key.
    @Test func keysTheComposerKeptApartAreDuplicatesByText() throws {
        let root = try node("1: a\n'1': b\n")
        #expect(try problem("1: a\n'1': b\n", allowed: nil) == .duplicateKey("1", node: root.mapping![1].key))
    }

    @Test func keysMustBeTextAndTheNodeAMapping() throws {
        let root = try node("[a]: 1\n")
        #expect(try problem("[a]: 1\n", allowed: nil) == .keyNotText(root.mapping![0].key))
        #expect(try problem("- a\n", allowed: nil) == .notAMapping(try node("- a\n")))
    }

    /// A reader that checks each value as soon as its key (the config file) steps through the keys.
    @Test func keysOneAtATime() throws {
        var walk = YAMLMappingWalk(allowed: ["server", "model"])
        let pairs = try #require(try node("server: a\nmodle: b\n").mapping)
        #expect(try walk.key(pairs[0].key) == "server")
        #expect(throws: YAMLMappingWalk.Problem.unknownKey("modle", node: pairs[1].key, suggestion: "model")) { try walk.key(pairs[1].key) }
    }
}
