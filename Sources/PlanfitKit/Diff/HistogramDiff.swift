/// Histogram diff, as git's `--histogram` (xdiff/xhistogram.c, after JGit's HistogramDiff).
///
/// It anchors on the longest common run that contains the rarest lines of the old region, then
/// recurses on either side. Rare lines (a heading, a task) make good anchors on prose; frequent ones
/// (blank lines, "---") do not, which is why a moved paragraph or an inserted section comes out as
/// one block instead of being interleaved with the surrounding blank lines as Myers' diff does.
struct HistogramDiff {
    /// A line that occurs more often than this in a region is never chosen as an anchor there.
    static let maxOccurrences = 64

    private let a: UnsafeBufferPointer<Int32>
    private let b: UnsafeBufferPointer<Int32>
    // Raw buffers rather than arrays: these are read and written in the innermost loops, where
    // array bounds and uniqueness checks cost more than the work itself.
    /// occurrences[id]: how often line `id` occurs in the current old region (0 when absent).
    private let occurrences: UnsafeMutableBufferPointer<Int32>
    /// firstPosition[id]: the first position of line `id` in the current old region.
    private let firstPosition: UnsafeMutableBufferPointer<Int32>
    /// nextPosition[i]: the next position after `i` holding the same line in the old region, or -1.
    private let nextPosition: UnsafeMutableBufferPointer<Int32>
    private var myers: MyersDiff

    /// `a` and `b` hold line ids below `symbolCount`. Call `deallocate()` when done.
    private init(a: UnsafeBufferPointer<Int32>, b: UnsafeBufferPointer<Int32>, symbolCount: Int) {
        self.a = a
        self.b = b
        occurrences = .allocate(capacity: max(1, symbolCount))
        occurrences.initialize(repeating: 0)
        firstPosition = .allocate(capacity: max(1, symbolCount))
        firstPosition.initialize(repeating: -1)
        nextPosition = .allocate(capacity: max(1, a.count))
        nextPosition.initialize(repeating: -1)
        myers = MyersDiff(a: a, b: b)
    }

    private func deallocate() {
        occurrences.deallocate()
        firstPosition.deallocate()
        nextPosition.deallocate()
    }

    /// Marks which lines of `a` are deleted and which lines of `b` are inserted.
    static func changes(a: [Int32], b: [Int32], symbolCount: Int) -> (old: [Bool], new: [Bool]) {
        var oldChanged = [Bool](repeating: false, count: a.count)
        var newChanged = [Bool](repeating: false, count: b.count)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var diff = HistogramDiff(a: a, b: b, symbolCount: symbolCount)
                defer { diff.deallocate() }
                diff.mark(aRange: 0 ..< a.count, bRange: 0 ..< b.count,
                          oldChanged: &oldChanged, newChanged: &newChanged)
            }
        }
        return (oldChanged, newChanged)
    }

    private struct Region {
        var aStart = 0, aEnd = -1, bStart = 0, bEnd = -1   // inclusive ends; aEnd < aStart means none
        var found: Bool { aEnd >= aStart }
    }

    mutating func mark(aRange: Range<Int>, bRange: Range<Int>, oldChanged: inout [Bool], newChanged: inout [Bool]) {
        // An explicit stack: a long file can split into thousands of nested regions.
        var pending = [(aRange, bRange)]
        while let (aBox, bBox) = pending.popLast() {
            var region = DiffRegion(aLow: aBox.lowerBound, aHigh: aBox.upperBound, bLow: bBox.lowerBound, bHigh: bBox.upperBound)
            if region.trimOrFinish(a, b, oldChanged: &oldChanged, newChanged: &newChanged) { continue }
            let (aLow, aHigh, bLow, bHigh) = (region.aLow, region.aHigh, region.bLow, region.bHigh)
            let (lcs, hasCommon, rarest) = longestRareRun(aLow: aLow, aHigh: aHigh, bLow: bLow, bHigh: bHigh)
            if lcs.found, rarest <= Self.maxOccurrences {
                pending.append(((lcs.aEnd + 1) ..< aHigh, (lcs.bEnd + 1) ..< bHigh))
                pending.append((aLow ..< lcs.aStart, bLow ..< lcs.bStart))
            } else if hasCommon {
                myers.mark(aRange: aLow ..< aHigh, bRange: bLow ..< bHigh,
                           oldChanged: &oldChanged, newChanged: &newChanged)
            } else {
                for index in aLow ..< aHigh { oldChanged[index] = true }
                for index in bLow ..< bHigh { newChanged[index] = true }
            }
        }
    }

    /// git's find_lcs: index the old region's lines, then scan the new region for the longest run
    /// of matching lines whose rarest line is as rare as possible.
    private mutating func longestRareRun(aLow: Int, aHigh: Int, bLow: Int, bHigh: Int)
        -> (Region, hasCommon: Bool, rarest: Int)
    {
        // Scanning backwards leaves every chain in ascending order.
        var index = aHigh - 1
        while index >= aLow {
            let id = Int(a[index])
            nextPosition[index] = occurrences[id] == 0 ? -1 : firstPosition[id]
            firstPosition[id] = Int32(index)
            occurrences[id] &+= 1
            index -= 1
        }
        defer {
            for index in aLow ..< aHigh { occurrences[Int(a[index])] = 0 }
        }

        var best = Region()
        var limit = Self.maxOccurrences + 1
        var hasCommon = false
        var bPosition = bLow
        while bPosition < bHigh {
            var bNext = bPosition + 1
            let id = Int(b[bPosition])
            let count = Int(occurrences[id])
            if count == 0 {
                bPosition = bNext
                continue
            }
            if count > limit {
                hasCommon = true
                bPosition = bNext
                continue
            }
            var aPosition = Int(firstPosition[id])
            while true {
                let nextA = Int(nextPosition[aPosition])
                var aStart = aPosition, bStart = bPosition, aEnd = aPosition, bEnd = bPosition
                var rarest = count
                while aStart > aLow, bStart > bLow, a[aStart - 1] == b[bStart - 1] {
                    aStart -= 1; bStart -= 1
                    if rarest > 1 { rarest = min(rarest, Int(occurrences[Int(a[aStart])])) }
                }
                while aEnd + 1 < aHigh, bEnd + 1 < bHigh, a[aEnd + 1] == b[bEnd + 1] {
                    aEnd += 1; bEnd += 1
                    if rarest > 1 { rarest = min(rarest, Int(occurrences[Int(a[aEnd])])) }
                }
                if bNext <= bEnd { bNext = bEnd + 1 }
                if !best.found || best.aEnd - best.aStart < aEnd - aStart || rarest < limit {
                    best = Region(aStart: aStart, aEnd: aEnd, bStart: bStart, bEnd: bEnd)
                    limit = rarest
                }
                var candidate = nextA
                while candidate != -1, candidate <= aEnd { candidate = Int(nextPosition[candidate]) }
                if candidate == -1 { break }
                aPosition = candidate
            }
            bPosition = bNext
        }
        return (best, hasCommon || best.found, limit)
    }
}
