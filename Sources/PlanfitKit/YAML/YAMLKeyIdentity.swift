/// When two keys of one mapping are the same key, for the composer's duplicate-key check.
///
/// planfit read YAML through Yams until issue 11. Yams called two keys the same when their text was
/// equal and their YAML 1.1 tags resolved the same: `1:` (an int) and `'1':` (a string) are two keys,
/// `a:` and `'a':` one. The composer keeps that rule, so exactly the documents refused before are
/// refused now, with the same message; what reaches the readers is then checked by text
/// (`YAMLMappingWalk`).
indirect enum YAMLKeyIdentity: Hashable {
    case scalar(String, tag: String)
    case sequence([YAMLKeyIdentity], tag: String)
    /// The pairs flattened: key, value, key, value.
    case mapping([YAMLKeyIdentity], tag: String)

    init(_ node: YAMLNode) {
        switch node.value {
        case .scalar(let scalar):
            self = .scalar(scalar.text, tag: YAMLTagResolution.tag(of: scalar, written: node.tag))
        case .sequence(let items):
            self = .sequence(items.map(YAMLKeyIdentity.init), tag: YAMLTagResolution.collectionTag(written: node.tag, default: YAMLTagResolution.seq))
        case .mapping(let pairs):
            self = .mapping(pairs.flatMap { [YAMLKeyIdentity($0.key), YAMLKeyIdentity($0.value)] },
                            tag: YAMLTagResolution.collectionTag(written: node.tag, default: YAMLTagResolution.map))
        }
    }

    /// The name a duplicate key has in the message: a scalar's text; for a mapping, the value of its
    /// `=` key if it has one (YAML 1.1's "value" key, which Yams read as the mapping's text); otherwise
    /// Yams' own placeholder, spelled as Yams spelled it.
    static func name(of node: YAMLNode) -> String {
        text(of: node) ?? "<uncovertable>"
    }

    private static func text(of node: YAMLNode) -> String? {
        if let pairs = node.mapping {
            for pair in pairs {
                if case .scalar(let key) = pair.key.value,
                   YAMLTagResolution.tag(of: key, written: pair.key.tag) == YAMLTagResolution.value {
                    return text(of: pair.value)
                }
            }
        }
        return node.text
    }

    /// Which of two duplicated keys Yams listed first, so the message points at the same key: text
    /// order for scalars, element by element for sequences, key by key for mappings.
    static func precedes(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        switch (a.value, b.value) {
        case let (.scalar(x), .scalar(y)): return x.text < y.text
        case let (.sequence(x), .sequence(y)): return precedes(x, y)
        case let (.mapping(x), .mapping(y)): return precedes(x.map(\.key), y.map(\.key))
        default: return false
        }
    }

    private static func precedes(_ a: [YAMLNode], _ b: [YAMLNode]) -> Bool {
        for (x, y) in zip(a, b) {
            if precedes(x, y) { return true }
            if precedes(y, x) { return false }
        }
        return a.count < b.count
    }
}
