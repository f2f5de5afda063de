/// The strict walk over a mapping that the team profile and the config file share: every key is text,
/// one of the keys the reader knows (a typo such as `hours_per_weak` must not silently drop a fact),
/// and appears once. A problem names the node it is about; each reader words it in its own messages.
///
/// `entries(of:allowed:)` checks every key before the caller reads a value; a reader that reads each
/// value as soon as its key is checked steps through the keys with `key(_:)` instead.
public struct YAMLMappingWalk: Sendable {
    public enum Problem: Error, Equatable {
        /// The node is a scalar or a sequence where a mapping belongs.
        case notAMapping(YAMLNode)
        /// A key is a sequence or a mapping.
        case keyNotText(YAMLNode)
        /// A key the reader does not know, with the known key it is most likely a typo of, if any.
        case unknownKey(String, node: YAMLNode, suggestion: String?)
        /// A key written twice. (Keys the composer already calls the same never get here; this catches
        /// the rest, such as `1:` and `'1':`, which are different YAML but the same text.)
        case duplicateKey(String, node: YAMLNode)
    }

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var keyNode: YAMLNode
        public var value: YAMLNode
    }

    /// The keys allowed; nil when any key is (skill names, role names).
    public let allowed: [String]?
    /// The keys checked so far. A list, searched in order, while the mapping is small (a profile's
    /// mappings have a handful of keys): a `Set` cost `check` ~50 µs on first use, more than all the
    /// searches (issue 11). Larger mappings (a long skills list) switch to `seenSet`.
    private var seen: [String] = []
    private var seenSet: Set<String>?
    private static let listLimit = 16

    public init(allowed: [String]?) {
        self.allowed = allowed
    }

    /// The mapping's entries in document order, after checking every key.
    public static func entries(of node: YAMLNode, allowed: [String]?) throws(Problem) -> [Entry] {
        guard let pairs = node.mapping else { throw .notAMapping(node) }
        var walk = YAMLMappingWalk(allowed: allowed)
        var entries: [Entry] = []
        for pair in pairs {
            entries.append(Entry(key: try walk.key(pair.key), keyNode: pair.key, value: pair.value))
        }
        return entries
    }

    /// The text of the next key of the mapping, checked.
    public mutating func key(_ node: YAMLNode) throws(Problem) -> String {
        guard let key = node.text else { throw .keyNotText(node) }
        if let allowed, !allowed.contains(key) {
            throw .unknownKey(key, node: node, suggestion: Self.suggestion(for: key, among: allowed))
        }
        guard remember(key) else { throw .duplicateKey(key, node: node) }
        return key
    }

    /// False when `key` was seen before.
    private mutating func remember(_ key: String) -> Bool {
        if seenSet == nil, seen.count < Self.listLimit {
            if seen.contains(key) { return false }
            seen.append(key)
            return true
        }
        if seenSet == nil { seenSet = Set(seen) }
        return seenSet!.insert(key).inserted
    }

    /// The allowed key nearest to a typo, when it is close enough to be a likely slip.
    public static func suggestion(for key: String, among allowed: [String]) -> String? {
        NameSuggestion.nearest(key, among: allowed, maximumDistance: max(2, key.count / 3))
    }
}
