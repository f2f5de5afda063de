/// A Mustache template (https://mustache.github.io/mustache.5.html), the language of planfit's prompt
/// templates and of the folders users pass with `--prompts`.
///
/// Covered: variables (`{{name}}` HTML-escaped, `{{{name}}}` and `{{& name}}` verbatim), dotted names
/// and `{{.}}`, sections (`{{#name}}`: once for a true flag, a text or an object, once per item of a
/// list, never for false, an empty list or a missing name), inverted sections (`{{^name}}`), comments,
/// and the spec's standalone-line rule (a line holding only a section, inverted, closing or comment tag
/// disappears with its line break). Not covered, and refused with the tag's line: partials (`{{> x}}`)
/// and changing the delimiters (`{{=<% %>=}}`); planfit passes no lambdas.
///
/// Written here rather than taken from a package: the one that was used imports Foundation, which
/// brings ICU (~30 MB) into the binary and its start-up. The prompt tests compare rendered prompts with
/// recorded requests byte for byte, so a change in rendering fails them.
public struct MustacheTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(name: String, escaped: Bool)
        case section(name: String, inverted: Bool, children: [Node])
    }

    let nodes: [Node]

    public init(string source: String) throws(MustacheSyntaxError) {
        var parser = MustacheParser(source: Array(source.utf8))
        nodes = try parser.parseAll()
    }

    public func render(_ context: [String: TemplateValue]) -> String {
        var output: [UInt8] = []
        render(nodes, stack: [.object(context)], into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func render(_ nodes: [Node], stack: [TemplateValue], into output: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output += bytes
            case .variable(let name, let escaped):
                guard let value = Self.lookup(name, in: stack) else { continue }
                let text = value.renderedText
                output += escaped ? Self.htmlEscaped(text) : Array(text.utf8)
            case .section(let name, let inverted, let children):
                let value = Self.lookup(name, in: stack)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(children, stack: stack, into: &output) }
                    continue
                }
                switch value {
                case .none, .flag(false)?: break
                case .flag(true)?: render(children, stack: stack, into: &output)
                case .list(let items)?: for item in items { render(children, stack: stack + [item], into: &output) }
                case let value?: render(children, stack: stack + [value], into: &output)
                }
            }
        }
    }

    /// The spec's name resolution: the first part is looked up from the innermost context outwards,
    /// the rest only inside what it found.
    static func lookup(_ name: String, in stack: [TemplateValue]) -> TemplateValue? {
        if name == "." { return stack.last }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard var found = stack.reversed().lazy.compactMap({ $0.member(parts[0]) }).first else { return nil }
        for part in parts.dropFirst() {
            guard let next = found.member(part) else { return nil }
            found = next
        }
        return found
    }

    static func htmlEscaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return out
    }
}

/// A value a template can show: text, a flag for sections, a list to repeat a section over, or an
/// object whose keys the template names.
public enum TemplateValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }

    func member(_ key: String) -> TemplateValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var isTruthy: Bool {
        switch self {
        case .flag(let value): return value
        case .list(let items): return !items.isEmpty
        case .text, .object: return true
        }
    }

    var renderedText: String {
        switch self {
        case .text(let text): return text
        case .flag(let value): return value ? "true" : "false"
        case .list, .object: return ""
        }
    }
}

/// A template that does not parse: what is wrong and on which line.
public struct MustacheSyntaxError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// Reads a template into nodes, applying the standalone-line rule as it goes.
struct MustacheParser {
    let source: [UInt8]
    var position = 0

    init(source: [UInt8]) { self.source = source }

    private static let open = Array("{{".utf8)

    mutating func parseAll() throws(MustacheSyntaxError) -> [MustacheTemplate.Node] {
        let (nodes, closing) = try parse(until: nil)
        precondition(closing == nil)
        return nodes
    }

    /// Nodes up to the closing tag of `section` (or the end when nil); returns the closing tag's name.
    private mutating func parse(until section: String?) throws(MustacheSyntaxError) -> ([MustacheTemplate.Node], String?) {
        var nodes: [MustacheTemplate.Node] = []
        var text: [UInt8] = []
        while position < source.count {
            guard matches(Self.open, at: position) else {
                text.append(source[position])
                position += 1
                continue
            }
            let tagStart = position
            let tag = try readTag()
            switch tag.kind {
            case .variable, .verbatim:
                nodes.append(.text(text)); text = []
                nodes.append(.variable(name: tag.name, escaped: tag.kind == .variable))
            case .comment, .sectionOpen, .invertedOpen, .close:
                if let lineStart = standaloneLineStart(tagStart: tagStart, tagEnd: position) {
                    text.removeLast(tagStart - lineStart)
                    skipRestOfLine()
                }
                nodes.append(.text(text)); text = []
                switch tag.kind {
                case .sectionOpen, .invertedOpen:
                    let (children, closing) = try parse(until: tag.name)
                    guard closing == tag.name else {
                        throw MustacheSyntaxError(line: line(at: tagStart), reason: "section {{#\(tag.name)}} is never closed")
                    }
                    nodes.append(.section(name: tag.name, inverted: tag.kind == .invertedOpen, children: children))
                case .close:
                    guard tag.name == section else {
                        let expected = section.map { "; expected {{/\($0)}}" } ?? ""
                        throw MustacheSyntaxError(line: line(at: tagStart), reason: "unexpected {{/\(tag.name)}}\(expected)")
                    }
                    nodes.append(.text(text))
                    return (nodes.filter(\.isNotEmptyText), tag.name)
                default:
                    break
                }
            }
        }
        nodes.append(.text(text))
        return (nodes.filter(\.isNotEmptyText), nil)
    }

    struct Tag {
        enum Kind { case variable, verbatim, sectionOpen, invertedOpen, close, comment }
        var kind: Kind
        var name: String
    }

    private mutating func readTag() throws(MustacheSyntaxError) -> Tag {
        let start = position
        position += 2
        var close = Array("}}".utf8)
        var kind = Tag.Kind.variable
        if position < source.count {
            switch source[position] {
            case UInt8(ascii: "{"): kind = .verbatim; close = Array("}}}".utf8); position += 1
            case UInt8(ascii: "&"): kind = .verbatim; position += 1
            case UInt8(ascii: "#"): kind = .sectionOpen; position += 1
            case UInt8(ascii: "^"): kind = .invertedOpen; position += 1
            case UInt8(ascii: "/"): kind = .close; position += 1
            case UInt8(ascii: "!"): kind = .comment; position += 1
            case UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "$"):
                throw MustacheSyntaxError(line: line(at: start), reason: "partials, blocks and delimiter changes are not supported")
            default: break
            }
        }
        guard let end = firstIndex(of: close, from: position) else {
            throw MustacheSyntaxError(line: line(at: start), reason: "a tag opened with {{ is never closed")
        }
        let name = String(decoding: source[position..<end], as: UTF8.self).trimmedWhitespaceAndNewlines
        position = end + close.count
        if kind != .comment {
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "{" || $0 == "}" }) else {
                throw MustacheSyntaxError(line: line(at: start), reason: "'\(name)' is not a name a tag can hold")
            }
        }
        return Tag(kind: kind, name: name)
    }

    /// Where the tag's line starts when the line holds nothing but the tag and spaces or tabs.
    private func standaloneLineStart(tagStart: Int, tagEnd: Int) -> Int? {
        var lineStart = tagStart
        while lineStart > 0, source[lineStart - 1] != UInt8(ascii: "\n") {
            guard Self.isBlank(source[lineStart - 1]) else { return nil }
            lineStart -= 1
        }
        var after = tagEnd
        while after < source.count, Self.isBlank(source[after]) { after += 1 }
        if after == source.count || source[after] == UInt8(ascii: "\n") { return lineStart }
        if source[after] == UInt8(ascii: "\r"), after + 1 < source.count, source[after + 1] == UInt8(ascii: "\n") { return lineStart }
        return nil
    }

    private mutating func skipRestOfLine() {
        while position < source.count, Self.isBlank(source[position]) { position += 1 }
        if position < source.count, source[position] == UInt8(ascii: "\r") { position += 1 }
        if position < source.count, source[position] == UInt8(ascii: "\n") { position += 1 }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        index + pattern.count <= source.count && source[index..<index + pattern.count].elementsEqual(pattern)
    }

    private func firstIndex(of pattern: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + pattern.count <= source.count {
            if matches(pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func line(at index: Int) -> Int { 1 + source[..<min(index, source.count)].lazy.filter { $0 == UInt8(ascii: "\n") }.count }
}

extension MustacheTemplate.Node {
    var isNotEmptyText: Bool {
        if case .text(let bytes) = self { return !bytes.isEmpty }
        return true
    }
}
