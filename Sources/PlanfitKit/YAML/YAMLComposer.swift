import CYAML

/// Turns YAML text into `YAMLNode`s: libyaml (the system library) reads the text into events, the
/// composer builds the tree from them. Pure: text in, one node (or nil) out.
///
/// It keeps the rules planfit's files were read by when Yams did this (Yams is gone because it imports
/// Foundation, issue 11), so the same documents are accepted and refused with the same places: one
/// document per text, aliases resolved to their anchored node, keys unique as Yams compared them
/// (`YAMLKeyIdentity`), and libyaml's nesting limit. Unlike Yams it bounds what aliases may bring in.
public struct YAMLComposer: Sendable {
    /// How many nodes aliases may bring into one document, counting every node under each alias. Far
    /// above what a profile or config needs (a team's members sharing anchored skills add hundreds),
    /// far below a "billion laughs" document (nine nested levels of ten aliases: 10^9 nodes).
    public var maximumAliasedNodes: Int

    public init(maximumAliasedNodes: Int = 100_000) {
        self.maximumAliasedNodes = maximumAliasedNodes
    }

    /// libyaml's nesting limit as the copy Yams compiled enforced it (Debian's libyaml 0.2.5 predates
    /// it): a collection may start only while block indentation levels plus flow levels are below
    /// 1000. The composer checks the same condition, so deep documents are refused as before.
    public static let maximumNesting = 1000

    /// The one document in `text`; nil when there is none (empty, or only comments). A second
    /// document is an error, as it was.
    public func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        let events = LibYAMLEvents(text)
        guard try events.next().kind == .streamStart else { return nil }
        guard try events.next().kind != .streamEnd else { return nil }
        var state = CompositionState(limit: maximumAliasedNodes)
        let root = try state.document(events)
        _ = try events.next() // the document's end
        let after = try events.next()
        guard after.kind == .streamEnd else {
            throw YAMLError(.syntax(stage: .composer, context: .init(text: "expected a single document in the stream", line: 1, column: 1),
                                    problem: "but found another document"),
                            line: after.line, column: after.column)
        }
        return root
    }
}

/// The tree being built: open collections, anchors, and how many nodes aliases brought in so far.
private struct CompositionState {
    let limit: Int
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var aliased = 0

    init(limit: Int) { self.limit = limit }

    /// An open sequence or mapping. `size` counts its nodes so far, aliased ones in full, so an
    /// anchor on it knows what each alias of it brings in.
    struct Open {
        let start: LibYAMLEvents.Event
        let isMapping: Bool
        let tag: String?
        let anchor: String?
        var items: [YAMLNode] = []
        var size = 1
    }

    /// Reads one document's root node. Iterative: nesting is bounded by libyaml's limit, not by the
    /// thread's stack.
    mutating func document(_ events: LibYAMLEvents) throws(YAMLError) -> YAMLNode {
        var open: [Open] = []
        while true {
            let event = try events.next()
            let done: (node: YAMLNode, size: Int)
            switch event.kind {
            case let .alias(anchor):
                guard let target = anchors[anchor] else {
                    throw YAMLError(.syntax(stage: .composer, context: nil, problem: "found undefined alias"), line: event.line, column: event.column)
                }
                aliased += target.size
                guard aliased <= limit else { throw YAMLError(.aliasExpansion(limit: limit), line: event.line, column: event.column) }
                done = target
            case let .scalar(scalar, tag, anchor):
                done = (YAMLNode(.scalar(scalar), tag: tag, line: event.line, column: event.column), 1)
                register(anchor, done)
            case let .sequenceStart(tag, anchor):
                open.append(Open(start: event, isMapping: false, tag: tag, anchor: anchor))
                continue
            case let .mappingStart(tag, anchor):
                open.append(Open(start: event, isMapping: true, tag: tag, anchor: anchor))
                continue
            case .sequenceEnd, .mappingEnd:
                let closed = open.removeLast()
                let node: YAMLNode
                if closed.isMapping {
                    let pairs = stride(from: 0, to: closed.items.count - 1, by: 2).map {
                        YAMLPair(key: closed.items[$0], value: closed.items[$0 + 1])
                    }
                    try Self.checkUniqueKeys(pairs)
                    node = YAMLNode(.mapping(pairs), tag: closed.tag, line: closed.start.line, column: closed.start.column)
                } else {
                    node = YAMLNode(.sequence(closed.items), tag: closed.tag, line: closed.start.line, column: closed.start.column)
                }
                done = (node, closed.size)
                register(closed.anchor, done)
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                // libyaml emits these only between documents, never inside one.
                throw YAMLError(.syntax(stage: .composer, context: nil, problem: "unexpected event inside a document"),
                                line: event.line, column: event.column)
            }
            guard !open.isEmpty else { return done.node }
            open[open.count - 1].items.append(done.node)
            open[open.count - 1].size += done.size
        }
    }

    /// An anchor names the node from the end of its definition on; a later one of the same name
    /// replaces it.
    mutating func register(_ anchor: String?, _ node: (node: YAMLNode, size: Int)) {
        if let anchor { anchors[anchor] = node }
    }

    /// Keys repeated in one mapping are refused here, while composing (as before, so the first error
    /// in a document is still the first one found). The message names every repeated key and points
    /// at the one Yams listed first.
    static func checkUniqueKeys(_ pairs: [YAMLPair]) throws(YAMLError) {
        var groups: [YAMLKeyIdentity: Int] = [:]
        var identities: [YAMLKeyIdentity] = []
        var counts: [Int] = []
        var firsts: [YAMLNode] = []
        // Small mappings (a profile's are) compare their keys directly: hashing's first use in a process
        // costs more than comparing a dozen keys with each other.
        let hashing = pairs.count > 16
        for pair in pairs {
            let identity = YAMLKeyIdentity(pair.key)
            if let group = hashing ? groups[identity] : identities.firstIndex(of: identity) {
                counts[group] += 1
            } else {
                if hashing { groups[identity] = firsts.count } else { identities.append(identity) }
                firsts.append(pair.key)
                counts.append(1)
            }
        }
        let repeated = firsts.indices.filter { counts[$0] > 1 }.map { firsts[$0] }
        guard var shown = repeated.first else { return }
        for key in repeated.dropFirst() where YAMLKeyIdentity.precedes(key, shown) { shown = key }
        throw YAMLError(.duplicateKeys(repeated.map(YAMLKeyIdentity.name).sorted()), line: shown.line, column: shown.column)
    }
}

/// libyaml's parser over one text, one event at a time.
final class LibYAMLEvents {
    struct Event {
        enum Kind: Equatable {
            case streamStart, streamEnd, documentStart, documentEnd
            case alias(String)
            case scalar(YAMLScalar, tag: String?, anchor: String?)
            case sequenceStart(tag: String?, anchor: String?)
            case sequenceEnd
            case mappingStart(tag: String?, anchor: String?)
            case mappingEnd
        }

        var kind: Kind
        /// Where the event starts, 1-based (libyaml's marks are 0-based).
        var line: Int
        var column: Int
    }

    /// libyaml keeps pointers into the parser and reads the input in place: both live here, at fixed
    /// addresses, for as long as the events are read.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    init(_ text: String) {
        let bytes = Array(text.utf8)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    func next() throws(YAMLError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_STREAM_START_EVENT: return Event(kind: .streamStart, line: line, column: column)
        case YAML_STREAM_END_EVENT: return Event(kind: .streamEnd, line: line, column: column)
        case YAML_DOCUMENT_START_EVENT: return Event(kind: .documentStart, line: line, column: column)
        case YAML_DOCUMENT_END_EVENT: return Event(kind: .documentEnd, line: line, column: column)
        case YAML_ALIAS_EVENT:
            return Event(kind: .alias(Self.string(event.data.alias.anchor) ?? ""), line: line, column: column)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let scalar = YAMLScalar(Self.text(data.value, count: data.length), style: Self.style(data.style))
            return Event(kind: .scalar(scalar, tag: Self.string(data.tag), anchor: Self.string(data.anchor)), line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try checkNesting(line: line, column: column)
            return Event(kind: .sequenceStart(tag: data.implicit != 0 ? nil : Self.string(data.tag), anchor: Self.string(data.anchor)),
                         line: line, column: column)
        case YAML_SEQUENCE_END_EVENT: return Event(kind: .sequenceEnd, line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try checkNesting(line: line, column: column)
            return Event(kind: .mappingStart(tag: data.implicit != 0 ? nil : Self.string(data.tag), anchor: Self.string(data.anchor)),
                         line: line, column: column)
        case YAML_MAPPING_END_EVENT: return Event(kind: .mappingEnd, line: line, column: column)
        default:
            throw YAMLError(.syntax(stage: .parser, context: nil, problem: "unknown event \(event.type.rawValue)"), line: line, column: column)
        }
    }

    /// The nesting limit (`YAMLComposer.maximumNesting`), checked where the libyaml Yams compiled
    /// checks it: when a collection starts from a node (not an indentless sequence, not the one-pair
    /// mapping of `[a: b]`), with the parser's indentation stack and flow level as they are then, and
    /// reported with its words and places. libyaml has not moved past the collection's first token
    /// yet, so the state read here is the state it checked.
    private func checkNesting(line: Int, column: Int) throws(YAMLError) {
        let p = parser.pointee
        let startsFromNode = [YAML_PARSE_BLOCK_SEQUENCE_FIRST_ENTRY_STATE, YAML_PARSE_BLOCK_MAPPING_FIRST_KEY_STATE,
                              YAML_PARSE_FLOW_SEQUENCE_FIRST_ENTRY_STATE, YAML_PARSE_FLOW_MAPPING_FIRST_KEY_STATE].contains(p.state)
        guard startsFromNode, let start = p.indents.start, let top = p.indents.top,
              start.distance(to: top) >= YAMLComposer.maximumNesting - Int(p.flow_level) else { return }
        let token = p.tokens.head?.pointee.start_mark
        throw YAMLError(.syntax(stage: .parser, context: .init(text: "while parsing", line: line, column: column),
                                problem: "Maximum nesting level reached, set with yaml_set_max_nest_level())"),
                        line: token.map { Int($0.line) + 1 } ?? line, column: token.map { Int($0.column) + 1 } ?? column)
    }

    /// The error libyaml reported, with its marks made 1-based.
    private func error() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        let stage: YAMLError.Stage
        switch p.error {
        case YAML_MEMORY_ERROR: return YAMLError(.outOfMemory, line: nil, column: nil)
        case YAML_READER_ERROR:
            return YAMLError(.unreadable(problem: problem, byteOffset: Int(p.problem_offset), value: p.problem_value), line: nil, column: nil)
        case YAML_SCANNER_ERROR: stage = .scanner
        case YAML_PARSER_ERROR: stage = .parser
        default: stage = .composer
        }
        let context = p.context.map {
            YAMLError.Context(text: String(cString: $0), line: Int(p.context_mark.line) + 1, column: Int(p.context_mark.column) + 1)
        }
        return YAMLError(.syntax(stage: stage, context: context, problem: problem),
                         line: Int(p.problem_mark.line) + 1, column: Int(p.problem_mark.column) + 1)
    }

    /// A scalar's UTF-8 bytes as text. A leading byte order mark is dropped, as Foundation dropped it
    /// when Yams decoded scalars, so `"\ufeffx"` still reads as `x`.
    private static func text(_ bytes: UnsafeMutablePointer<UInt8>?, count: Int) -> String {
        guard let bytes else { return "" }
        var buffer = UnsafeBufferPointer(start: bytes, count: count)[...]
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer = buffer.dropFirst(3) }
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String.decodeCString(pointer, as: UTF8.self, repairingInvalidCodeUnits: true)?.result
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
