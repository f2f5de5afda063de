/// Which deleted lines of a changed region became which inserted lines, so word highlighting compares
/// a line with its own new version instead of diffing the whole region as one text (which costs time
/// quadratic in the region, and matches words across unrelated lines).
///
/// A group is one old line and one new line (an edited line), two old lines and one new line (a join)
/// or one old line and two new lines (a split). Lines in no group were deleted or inserted outright.
/// Groups keep the order of both sides, and the pairing maximises the words they share, by dynamic
/// programming over the (deleted x inserted) grid; the caller bounds the region's size.
///
/// Lines are compared as multisets of their word and punctuation tokens (spaces do not count): a group
/// needs a Dice similarity of at least 1/2, and a join or split must share more words than either of
/// its lines alone, so a line is not glued onto a neighbour that only shares a "-".
struct LinePairing: Equatable {
    struct Group: Equatable {
        /// Lines of the region's old side, 0-based within the region.
        var old: Range<Int>
        /// Lines of the region's new side, 0-based within the region.
        var new: Range<Int>
    }

    private(set) var groups: [Group] = []
    /// Token comparisons and grid cells visited: the work done, which tests bound.
    private(set) var operations = 0

    /// - Parameters: old, new: each line's word ids (equal words, equal ids), sorted ascending.
    init(old: [[Int32]], new: [[Int32]]) {
        let n = old.count, m = new.count
        guard n > 0, m > 0 else { return }
        let width = m + 1
        // score[i * width + j]: the most words shared by groups within old[0 ..< i] and new[0 ..< j].
        var score = [Int](repeating: 0, count: (n + 1) * width)
        var move = [Move](repeating: .start, count: (n + 1) * width)
        // common[(i) * m + j]: the words line old[i] shares with new[j], kept for the join and split tests.
        var common = [Int](repeating: 0, count: n * m)
        let oldJoined = (0 ..< max(0, n - 1)).map { Self.merged(old[$0], old[$0 + 1]) }
        let newJoined = (0 ..< max(0, m - 1)).map { Self.merged(new[$0], new[$0 + 1]) }

        for i in 0 ... n {
            for j in 0 ... m where i > 0 || j > 0 {
                operations += 1
                var best = -1, choice = Move.start
                if i > 0 { best = score[(i - 1) * width + j]; choice = .deleteOld }
                if j > 0, score[i * width + j - 1] > best { best = score[i * width + j - 1]; choice = .insertNew }
                guard i > 0, j > 0 else {
                    score[i * width + j] = best; move[i * width + j] = choice
                    continue
                }
                let shared = countCommon(old[i - 1], new[j - 1])
                common[(i - 1) * m + (j - 1)] = shared
                // >=: on a tie an edited line reads better than a deletion next to an insertion.
                if Self.similar(shared, old[i - 1].count, new[j - 1].count),
                   score[(i - 1) * width + j - 1] + shared >= best {
                    best = score[(i - 1) * width + j - 1] + shared; choice = .pair
                }
                if i > 1 {
                    let first = common[(i - 2) * m + (j - 1)]
                    // A join shares at most what its lines share apiece, so both must share something.
                    if first > 0, shared > 0 {
                        let joined = countCommon(oldJoined[i - 2], new[j - 1])
                        if joined > max(first, shared), Self.similar(joined, oldJoined[i - 2].count, new[j - 1].count),
                           score[(i - 2) * width + j - 1] + joined > best {
                            best = score[(i - 2) * width + j - 1] + joined; choice = .join
                        }
                    }
                }
                if j > 1 {
                    let first = common[(i - 1) * m + (j - 2)]
                    if first > 0, shared > 0 {
                        let split = countCommon(old[i - 1], newJoined[j - 2])
                        if split > max(first, shared), Self.similar(split, old[i - 1].count, newJoined[j - 2].count),
                           score[(i - 1) * width + j - 2] + split > best {
                            best = score[(i - 1) * width + j - 2] + split; choice = .split
                        }
                    }
                }
                score[i * width + j] = best
                move[i * width + j] = choice
            }
        }

        var i = n, j = m
        var reversed: [Group] = []
        while i > 0 || j > 0 {
            switch move[i * width + j] {
            case .start: i = 0; j = 0
            case .deleteOld: i -= 1
            case .insertNew: j -= 1
            case .pair: reversed.append(Group(old: i - 1 ..< i, new: j - 1 ..< j)); i -= 1; j -= 1
            case .join: reversed.append(Group(old: i - 2 ..< i, new: j - 1 ..< j)); i -= 2; j -= 1
            case .split: reversed.append(Group(old: i - 1 ..< i, new: j - 2 ..< j)); i -= 1; j -= 2
            }
        }
        groups = reversed.reversed()
    }

    private enum Move: UInt8 { case start, deleteOld, insertNew, pair, join, split }

    /// Dice similarity 2c / (x + y) of at least 1/2.
    private static func similar(_ shared: Int, _ x: Int, _ y: Int) -> Bool {
        shared > 0 && 4 * shared >= x + y
    }

    /// The size of the multiset intersection of two sorted lists.
    private mutating func countCommon(_ a: [Int32], _ b: [Int32]) -> Int {
        operations += a.count + b.count
        var i = 0, j = 0, count = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { count += 1; i += 1; j += 1 }
            else if a[i] < b[j] { i += 1 }
            else { j += 1 }
        }
        return count
    }

    private static func merged(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] <= b[j]) { out.append(a[i]); i += 1 }
            else { out.append(b[j]); j += 1 }
        }
        return out
    }
}
