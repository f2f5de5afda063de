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

    /// - Parameters: old, new: each line's word ids (equal words, equal ids, all >= 0), sorted ascending.
    init(old: [[Int32]], new: [[Int32]]) {
        let n = old.count, m = new.count
        guard n > 0, m > 0 else { return }
        // Old lines as (word, count) runs in one buffer; new lines are looked up in a table of word
        // counts, one column of the grid at a time, so comparing two lines costs one table read per
        // distinct old word and no branches on which list is ahead.
        let oldRuns = WordRuns(old)
        let oldJoined = WordRuns((0 ..< n - 1).map { Self.merged(old[$0], old[$0 + 1]) })
        let symbolCount = Int((old + new).lazy.compactMap { $0.last }.max() ?? 0) + 1
        var single = [Int32](repeating: 0, count: symbolCount)   // counts of new[j - 1]
        var double = [Int32](repeating: 0, count: symbolCount)   // counts of new[j - 2] and new[j - 1]
        let width = m + 1
        // score[i * width + j]: the most words shared by groups within old[0 ..< i] and new[0 ..< j].
        var score = [Int](repeating: 0, count: (n + 1) * width)
        var move = [Move](repeating: .start, count: (n + 1) * width)
        // common[i * m + j]: the words line old[i] shares with new[j], kept for the join and split tests.
        var common = [Int](repeating: 0, count: n * m)

        // Column by column: every cell depends only on cells above it or in earlier columns.
        for j in 0 ... m {
            if j > 0 {
                for id in new[j - 1] { single[Int(id)] += 1; double[Int(id)] += 1 }
                operations += new[j - 1].count
            }
            let newCount = j > 0 ? new[j - 1].count : 0
            let splitCount = j > 1 ? new[j - 2].count + newCount : 0
            for i in 0 ... n where i > 0 || j > 0 {
                operations += 1
                var best = -1, choice = Move.start
                if i > 0 { best = score[(i - 1) * width + j]; choice = .deleteOld }
                if j > 0, score[i * width + j - 1] > best { best = score[i * width + j - 1]; choice = .insertNew }
                guard i > 0, j > 0 else {
                    score[i * width + j] = best; move[i * width + j] = choice
                    continue
                }
                let shared = countCommon(oldRuns, i - 1, single)
                common[(i - 1) * m + (j - 1)] = shared
                // >=: on a tie an edited line reads better than a deletion next to an insertion.
                if Self.similar(shared, oldRuns.wordCount(i - 1), newCount),
                   score[(i - 1) * width + j - 1] + shared >= best {
                    best = score[(i - 1) * width + j - 1] + shared; choice = .pair
                }
                // A join shares at most what its lines share apiece (first + shared), so it is only
                // worth counting when that sum could pass the similarity test and both lines share
                // something.
                if i > 1 {
                    let first = common[(i - 2) * m + (j - 1)]
                    let joinedCount = oldJoined.wordCount(i - 2)
                    if first > 0, shared > 0, Self.similar(first + shared, joinedCount, newCount) {
                        let joined = countCommon(oldJoined, i - 2, single)
                        if joined > max(first, shared), Self.similar(joined, joinedCount, newCount),
                           score[(i - 2) * width + j - 1] + joined > best {
                            best = score[(i - 2) * width + j - 1] + joined; choice = .join
                        }
                    }
                }
                if j > 1 {
                    let first = common[(i - 1) * m + (j - 2)]
                    if first > 0, shared > 0, Self.similar(first + shared, oldRuns.wordCount(i - 1), splitCount) {
                        let split = countCommon(oldRuns, i - 1, double)
                        if split > max(first, shared), Self.similar(split, oldRuns.wordCount(i - 1), splitCount),
                           score[(i - 1) * width + j - 2] + split > best {
                            best = score[(i - 1) * width + j - 2] + split; choice = .split
                        }
                    }
                }
                score[i * width + j] = best
                move[i * width + j] = choice
            }
            // The next column's tables: `double` keeps new[j - 1] (new[j] is added then), `single`
            // is emptied.
            if j > 1 { for id in new[j - 2] { double[Int(id)] -= 1 } }
            if j > 0 { for id in new[j - 1] { single[Int(id)] -= 1 } }
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

    /// Lines' words as (word, how many times) runs, one buffer for all lines.
    private struct WordRuns {
        var ids: [Int32] = []
        var counts: [Int32] = []
        /// Line `k`'s runs are `starts[k] ..< starts[k + 1]`.
        var starts: [Int] = [0]
        /// Line `k` has `words[k]` words in all.
        var words: [Int] = []

        /// - Parameter lines: each line's word ids, sorted.
        init(_ lines: [[Int32]]) {
            for line in lines {
                for id in line {
                    if ids.count > starts[starts.count - 1], ids[ids.count - 1] == id {
                        counts[counts.count - 1] += 1
                    } else {
                        ids.append(id); counts.append(1)
                    }
                }
                starts.append(ids.count)
                words.append(line.count)
            }
        }

        func wordCount(_ line: Int) -> Int { words[line] }
    }

    /// The size of the multiset intersection of line `line` of `runs` and the words counted in `table`.
    private mutating func countCommon(_ runs: WordRuns, _ line: Int, _ table: [Int32]) -> Int {
        let start = runs.starts[line], end = runs.starts[line + 1]
        operations += end - start
        return runs.ids.withUnsafeBufferPointer { ids in
            runs.counts.withUnsafeBufferPointer { counts in
                table.withUnsafeBufferPointer { table in
                    var shared: Int32 = 0
                    for index in start ..< end { shared += min(counts[index], table[Int(ids[index])]) }
                    return Int(shared)
                }
            }
        }
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
