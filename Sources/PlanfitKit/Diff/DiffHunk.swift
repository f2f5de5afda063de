/// A group of nearby changes with the unchanged lines around them, as a unified diff shows it.
public struct DiffHunk: Equatable, Sendable {
    /// The old lines the hunk covers (0-based); empty when it only inserts into an empty region.
    public var oldRange: Range<Int>
    /// The new lines the hunk covers (0-based).
    public var newRange: Range<Int>
    /// The edits inside the hunk, context included, in order.
    public var edits: [DiffEdit]

    public init(oldRange: Range<Int>, newRange: Range<Int>, edits: [DiffEdit]) {
        self.oldRange = oldRange
        self.newRange = newRange
        self.edits = edits
    }

    /// The `@@ -l,n +l,n @@` header. A side with no lines names the line before the hunk (0 at the top),
    /// and a count of one is left out, as diff(1) and git write it.
    public var header: String {
        "@@ -\(Self.position(oldRange)) +\(Self.position(newRange)) @@"
    }

    private static func position(_ range: Range<Int>) -> String {
        switch range.count {
        case 0: return "\(range.lowerBound),0"
        case 1: return "\(range.lowerBound + 1)"
        default: return "\(range.lowerBound + 1),\(range.count)"
        }
    }
}
