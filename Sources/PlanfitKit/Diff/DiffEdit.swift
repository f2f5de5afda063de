/// One run of an edit script: lines kept, deleted from the old text, or inserted from the new one.
///
/// Ranges are 0-based line indices. A deletion's `newRange` (and an insertion's `oldRange`) is the
/// empty range at the position where the run sits in the other text, so every edit knows where it is
/// on both sides.
public struct DiffEdit: Equatable, Hashable, Sendable {
    public enum Kind: Equatable, Hashable, Sendable { case equal, delete, insert }

    public var kind: Kind
    public var oldRange: Range<Int>
    public var newRange: Range<Int>

    public init(kind: Kind, oldRange: Range<Int>, newRange: Range<Int>) {
        self.kind = kind
        self.oldRange = oldRange
        self.newRange = newRange
    }
}
