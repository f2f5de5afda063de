import Testing
@testable import PlanfitKit

/// The YAML reader under the team profile and the config file: libyaml's events composed into nodes,
/// with the places, the refusals and the messages the files were read with when Yams did this.
@Suite struct YAMLComposerTests {
    func compose(_ text: String) throws -> YAMLNode? {
        try YAMLComposer().compose(text)
    }

    func error(_ text: String, _ composer: YAMLComposer = YAMLComposer()) -> YAMLError? {
        do {
            _ = try composer.compose(text)
            return nil
        } catch {
            return error
        }
    }

    func scalar(_ text: String, _ line: Int, _ column: Int) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text)), line: line, column: column)
    }

    @Test func nodesCarryTheirLineAndColumn() throws {
        let root = try #require(try compose("team: T\nmembers:\n  - handle: ana\n    hours_per_week: 20\n"))
        #expect(root.line == 1 && root.column == 1)
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.text } == ["team", "members"])
        #expect(pairs[1].key == scalar("members", 2, 1))
        let member = try #require(pairs[1].value.sequence?.first)
        #expect(member.line == 3 && member.column == 5)
        #expect(member.mapping?[1].value == scalar("20", 4, 21))
    }

    @Test func quotedAndPlainScalarsKeepTheirStyle() throws {
        let root = try #require(try compose("a: 1\nb: '1'\nc: \"1\"\nd: |\n  x\ne: >-\n  y\n  z\nf: !!str 1\ng:\n"))
        let values = try #require(root.mapping).map(\.value)
        #expect(values.map { $0.scalar?.style } == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded, .plain, .plain])
        #expect(values.map(\.text) == ["1", "1", "1", "x\n", "y z", "1", ""])
        #expect(values[5].tag == "tag:yaml.org,2002:str")
        #expect(values[0].tag == nil)
    }

    /// JSON is YAML: a profile may be written as JSON.
    @Test func flowDocumentsAreRead() throws {
        let root = try #require(try compose(#"{"team": "T", "members": [{"handle": "ana", "skills": {"go": 3}}], "x": null}"#))
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.scalar } == ["team", "members", "x"].map { YAMLScalar($0, style: .doubleQuoted) })
        #expect(pairs[2].value == scalar("null", 1, 73))
        let member = try #require(pairs[1].value.sequence?.first?.mapping)
        #expect(member[1].value.mapping?.first?.value == scalar("3", 1, 62))
    }

    @Test func emptyInputIsNoDocument() throws {
        #expect(try compose("") == nil)
        #expect(try compose("# only a comment\n") == nil)
        #expect(try compose("---\n") == scalar("", 2, 1))
        #expect(try compose("~\n") == scalar("~", 1, 1))
    }

    @Test func aSecondDocumentIsRefused() throws {
        let e = try #require(error("a: 1\n---\nb: 2\n"))
        #expect(e == YAMLError(.syntax(stage: .composer, context: .init(text: "expected a single document in the stream", line: 1, column: 1),
                                       problem: "but found another document"), line: 2, column: 1))
        #expect(e.message == "expected a single document in the stream but found another document")
    }

    /// An alias is the anchored node itself, place included.
    @Test func aliasesResolveToTheAnchoredNode() throws {
        let root = try #require(try compose("base: &b {x: 1, y: [a]}\nuse: *b\nname: &n ana\nagain: *n\n"))
        let pairs = try #require(root.mapping)
        #expect(pairs[1].value == pairs[0].value)
        #expect(pairs[1].value.line == 1 && pairs[1].value.column == 7)
        #expect(pairs[3].value == scalar("ana", 3, 7))
    }

    @Test func anchorsMayBeRedefinedAndMustComeFirst() throws {
        let root = try #require(try compose("- &a 1\n- &a 2\n- *a\n"))
        #expect(root.sequence?.last?.text == "2")
        #expect(error("x: *nothing\n") == YAMLError(.syntax(stage: .composer, context: nil, problem: "found undefined alias"), line: 1, column: 4))
        // An anchor names its node only once the node is complete: a node cannot contain itself.
        #expect(error("a: &x [*x]\n")?.message == "found undefined alias")
    }

    /// "Billion laughs": ten lines that alias their way to 10^9 values are refused at the alias that
    /// crosses the bound, not expanded.
    @Test func anAliasBombIsRefused() throws {
        var text = "l0: &l0 lol\n"
        for level in 1...9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let e = try #require(error(text))
        #expect(e.kind == .aliasExpansion(limit: 100_000))
        #expect(e.line == 6 && e.column == 45)
        #expect(e.message.contains("expand to more than 100000 values"))
        // A small bound shows the count is of nodes under each alias: [a, b] aliased twice is six.
        let shared = "x: &x [a, b]\ny: [*x, *x]\n"
        #expect(error(shared, YAMLComposer(maximumAliasedNodes: 6)) == nil)
        #expect(error(shared, YAMLComposer(maximumAliasedNodes: 5))?.kind == .aliasExpansion(limit: 5))
    }

    /// libyaml's nesting limit, as the copy Yams compiled had it: block indentation plus flow levels.
    @Test func deepNestingIsRefused() throws {
        let limit = YAMLError.Kind.syntax(stage: .parser, context: .init(text: "while parsing", line: 1, column: 1),
                                          problem: "Maximum nesting level reached, set with yaml_set_max_nest_level())")
        #expect(error(String(repeating: "[", count: 2000)) == YAMLError(limit, line: 1, column: 1))
        let block = (0..<1100).map { String(repeating: " ", count: $0) + "a:\n" }.joined()
        let e = try #require(error(block))
        #expect(e.line == 1000 && e.column == 1000)
        #expect(e.message == "while parsing Maximum nesting level reached, set with yaml_set_max_nest_level())")
        #expect(try compose(String(repeating: "[", count: 500) + String(repeating: "]", count: 500)) != nil)
    }

    @Test func duplicateKeysAreRefusedAtTheFirst() throws {
        let e = try #require(error("b: 1\na: 1\nb: 2\na: 2\n"))
        #expect(e == YAMLError(.duplicateKeys(["a", "b"]), line: 2, column: 1))
        #expect(e.message == "duplicate key 'a', 'b'; each key may appear once")
        // Inner mappings are checked as they close, before anything later in the document.
        #expect(error("x: {k: 1, k: 2}\ny: [\n")?.kind == .duplicateKeys(["k"]))
        // Same text and same YAML type: `a` and `'a'` are one key; `1` (an int) and `'1'` are two,
        // which the mapping walk then refuses by their text.
        #expect(error("a: 1\n'a': 2\n")?.kind == .duplicateKeys(["a"]))
        #expect(error("a: 1\n!!str a: 2\n")?.kind == .duplicateKeys(["a"]))
        #expect(error("1: a\n'1': b\n") == nil)
        #expect(error("? [a]\n: 1\n? [a]\n: 2\n")?.kind == .duplicateKeys(["<uncovertable>"]))
    }

    @Test func syntaxErrorsKeepLibyamlsWordsAndPlaces() throws {
        let values = try #require(error("a: b: c\n"))
        #expect(values == YAMLError(.syntax(stage: .scanner, context: nil, problem: "mapping values are not allowed in this context"),
                                    line: 1, column: 5))
        let quote = try #require(error("a: 'x\n"))
        #expect(quote == YAMLError(.syntax(stage: .scanner, context: .init(text: "while scanning a quoted scalar", line: 1, column: 4),
                                           problem: "found unexpected end of stream"), line: 2, column: 1))
        #expect(quote.description == "2:1: while scanning a quoted scalar found unexpected end of stream")
        let list = try #require(error("key: [a, b\n"))
        #expect(list.message == "while parsing a flow sequence did not find expected ',' or ']'")
        #expect(list.line == 2 && list.column == 1)
    }

    @Test func aControlCharacterIsUnreadable() throws {
        let e = try #require(error("a: \u{1B}\n"))
        #expect(e == YAMLError(.unreadable(problem: "control characters are not allowed", byteOffset: 3, value: 27), line: nil, column: nil))
    }

    /// The long form the config file's messages quote: Yams' layout, byte for byte.
    @Test func reportsShowTheLineAndACaret() throws {
        let text = "a: b: c\n"
        #expect(try #require(error(text)).report(in: text)
            == "1:5: error: scanner: mapping values are not allowed in this context:\na: b: c\n    ^")
        let quote = "a: 'x\n"
        #expect(try #require(error(quote)).report(in: quote)
            == "2:1: error: scanner: while scanning a quoted scalar in line 1, column 4\nfound unexpected end of stream:\na: 'x\n^")
        let control = "a: \u{1B}\n"
        #expect(try #require(error(control)).report(in: control) == "1:4: error: reader: control characters are not allowed:\na: \u{1B}\n   ^")
        let twice = "b: 1\nb: 2"
        #expect(try #require(error(twice)).report(in: twice)
            == "Parser: expected all keys to be unique but found the following duplicated key(s): 'b'.\nContext:\nb: 1\nb: 2 in line 1, column 1\n")
        // The caret's column counts UTF-16 units, as Yams counted it: the emoji is two.
        let emoji = "k: \u{1F600}: x\n"
        #expect(try #require(error(emoji)).report(in: emoji) == "1:5: error: scanner: mapping values are not allowed in this context:\nk: \u{1F600}: x\n     ^")
    }

    /// Foundation dropped a leading byte order mark when Yams decoded a scalar; so does the composer.
    @Test func aLeadingByteOrderMarkInAScalarIsDropped() throws {
        let root = try #require(try compose("a: \"\\ufeffx\"\nb: \"x\\ufeff\"\n"))
        #expect(root.mapping?.map(\.value.text) == ["x", "x\u{FEFF}"])
    }
}
