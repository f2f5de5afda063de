/// "did you mean ...?" for a name a user mistyped: the nearest known name, only when it is close
/// enough to be a slip (`@sam` is not a typo of `@tom`).
public enum NameSuggestion {
    /// The known name nearest to `name` by edit distance, if at most `maximumDistance` edits away
    /// (default: one edit per three characters, at least one) and not a complete rewrite of it.
    public static func nearest(_ name: String, among known: [String], maximumDistance: Int? = nil) -> String? {
        let limit = maximumDistance ?? max(1, name.count / 3)
        let scored = known.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        // Half the letters changed is another name, not a slip (`@bo` is not `@jo`).
        guard let (best, distance) = scored, distance <= limit, 2 * distance < max(name.count, best.count) else { return nil }
        return best
    }

    /// Levenshtein distance over characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
