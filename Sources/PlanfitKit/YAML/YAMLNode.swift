/// One node of a YAML document as `YAMLComposer` builds it: a scalar, a sequence or a mapping, with
/// the 1-based line and column where it starts, so every reader's message can point at the place.
///
/// Aliases are resolved: an alias is a copy of the node its anchor names, with that node's line and
/// column (what planfit's messages have always shown for an aliased value). A mapping keeps its pairs
/// in document order; duplicate keys never reach a reader (the composer refuses them).
public struct YAMLNode: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var value: Value
    /// The tag written on the node (`!!str` arrives as `tag:yaml.org,2002:str`, `!` as `!`), nil when
    /// none is written: a reader that cares reads the scalar's style and text instead.
    public var tag: String?
    public var line: Int
    public var column: Int

    public init(_ value: Value, tag: String? = nil, line: Int, column: Int) {
        self.value = value
        self.tag = tag
        self.line = line
        self.column = column
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = value { return scalar }
        return nil
    }

    /// The scalar's text, nil for a sequence or mapping.
    public var text: String? { scalar?.text }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }
}

/// A scalar's text and how it was written: `123` and `'123'` are the same text, but only the plain
/// one is a number or `null` to YAML.
public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One `key: value` entry of a mapping.
public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
