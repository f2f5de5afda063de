/// A YAML document `YAMLComposer` could not turn into nodes: what is wrong and where (1-based line and
/// column, as libyaml's 0-based marks plus one). The readers (team profile, config file) put it in
/// their own errors with the file name; `report(in:)` is the long form with the line and a caret.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// libyaml's reader refused a character (a control character): its problem text, the
        /// character's byte offset in the UTF-8 text and its code point. It gives no line or column.
        case unreadable(problem: String, byteOffset: Int, value: Int32)
        /// libyaml's scanner or parser, or the composer, refused the text; `problem` is libyaml's own
        /// text (or the composer's, in the same style), `context` what it was reading at the time.
        case syntax(stage: Stage, context: Context?, problem: String)
        /// Keys that appear more than once in one mapping; the place is the first of them.
        case duplicateKeys([String])
        /// Aliases brought more than `limit` nodes into the document: nested aliases multiply (a
        /// "billion laughs" document is a few lines that expand to 10^9 values).
        case aliasExpansion(limit: Int)
        /// libyaml could not allocate memory.
        case outOfMemory
    }

    /// libyaml's stages, named as its messages name them.
    public enum Stage: String, Sendable, Equatable {
        case scanner, parser, composer
    }

    /// "while scanning a quoted scalar", and where that started.
    public struct Context: Sendable, Equatable {
        public var text: String
        public var line: Int
        public var column: Int

        public init(text: String, line: Int, column: Int) {
            self.text = text
            self.line = line
            self.column = column
        }
    }

    public var kind: Kind
    public var line: Int?
    public var column: Int?

    public init(_ kind: Kind, line: Int?, column: Int?) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// What is wrong, without the place: for a syntax error libyaml's context and problem
    /// ("while scanning a quoted scalar found unexpected end of stream").
    public var message: String {
        switch kind {
        case let .unreadable(problem, _, _): return problem
        case let .syntax(_, context, problem): return (context.map { "\($0.text) " } ?? "") + problem
        case .duplicateKeys(let keys):
            return "duplicate key \(keys.sorted().map { "'\($0)'" }.joined(separator: ", ")); each key may appear once"
        case .aliasExpansion(let limit):
            return "the aliases in this document expand to more than \(limit) values (aliases nested in aliases "
                + "multiply); write the values out instead"
        case .outOfMemory: return "out of memory"
        }
    }

    public var description: String {
        guard let line, let column else { return message }
        return "\(line):\(column): \(message)"
    }
}
