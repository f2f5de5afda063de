/// Myers' O(ND) difference algorithm in linear space (the "middle snake" divide and conquer).
///
/// Histogram diff falls back to it for a region whose common lines are all too frequent to anchor
/// on (long runs of blank lines or table rules), as git's histogram diff falls back to its classic
/// algorithm. It finds a shortest edit script, which is what such regions need: nothing in them reads
/// better when kept together.
struct MyersDiff {
    private let a: UnsafeBufferPointer<Int32>
    private let b: UnsafeBufferPointer<Int32>
    private var forward: [Int] = []
    private var backward: [Int] = []

    init(a: UnsafeBufferPointer<Int32>, b: UnsafeBufferPointer<Int32>) {
        self.a = a
        self.b = b
    }

    /// Marks the elements of `a[aRange]` and `b[bRange]` that a shortest edit script deletes or inserts.
    mutating func mark(aRange: Range<Int>, bRange: Range<Int>, oldChanged: inout [Bool], newChanged: inout [Bool]) {
        var pending = [(aRange, bRange)]
        while let (aBox, bBox) = pending.popLast() {
            var region = DiffRegion(aLow: aBox.lowerBound, aHigh: aBox.upperBound, bLow: bBox.lowerBound, bHigh: bBox.upperBound)
            if region.trimOrFinish(a, b, oldChanged: &oldChanged, newChanged: &newChanged) { continue }
            let (aLow, aHigh, bLow, bHigh) = (region.aLow, region.aHigh, region.bLow, region.bHigh)
            let snake = middleSnake(aLow: aLow, aHigh: aHigh, bLow: bLow, bHigh: bHigh)
            // The snake is a diagonal with at most one edit: before it when found searching forward,
            // after it when found searching backward.
            let (startX, startY) = snake.start, (endX, endY) = snake.end
            if endX - startX > endY - startY {
                oldChanged[snake.editAtStart ? startX : endX - 1] = true
            } else if endY - startY > endX - startX {
                newChanged[snake.editAtStart ? startY : endY - 1] = true
            }
            pending.append((endX ..< aHigh, endY ..< bHigh))
            pending.append((aLow ..< startX, bLow ..< startY))
        }
    }

    /// Finds a snake on a shortest path through the box, searching from both corners at once.
    private mutating func middleSnake(aLow: Int, aHigh: Int, bLow: Int, bHigh: Int)
        -> (start: (Int, Int), end: (Int, Int), editAtStart: Bool)
    {
        let width = aHigh - aLow, height = bHigh - bLow
        let delta = width - height
        let maxD = (width + height + 1) / 2
        let offset = maxD + 1
        let size = 2 * maxD + 3
        if forward.count < size {
            forward = [Int](repeating: 0, count: size)
            backward = [Int](repeating: 0, count: size)
        }
        // forward[k]: furthest x on diagonal k = x - y; backward[c]: smallest y on diagonal
        // c = (x - y) - delta when searching back from the bottom-right corner.
        forward[offset + 1] = aLow
        backward[offset + 1] = bHigh
        for d in 0 ... maxD {
            var k = d
            while k >= -d {
                let x0: Int, x: Int
                if k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1]) {
                    x0 = forward[offset + k + 1]; x = x0
                } else {
                    x0 = forward[offset + k - 1]; x = x0 + 1
                }
                var endX = x
                var endY = bLow + (x - aLow) - k
                let y0 = (d == 0 || x != x0) ? endY : endY - 1
                while endX < aHigh, endY < bHigh, a[endX] == b[endY] { endX += 1; endY += 1 }
                forward[offset + k] = endX
                let c = k - delta
                if delta & 1 != 0, c >= -(d - 1), c <= d - 1, endY >= backward[offset + c] {
                    return ((x0, y0), (endX, endY), true)
                }
                k -= 2
            }
            var c = d
            while c >= -d {
                let y0: Int, y: Int
                if c == -d || (c != d && backward[offset + c - 1] > backward[offset + c + 1]) {
                    y0 = backward[offset + c + 1]; y = y0
                } else {
                    y0 = backward[offset + c - 1]; y = y0 - 1
                }
                let k = c + delta
                var startY = y
                var startX = aLow + (y - bLow) + k
                let x0 = (d == 0 || y != y0) ? startX : startX + 1
                while startX > aLow, startY > bLow, a[startX - 1] == b[startY - 1] { startX -= 1; startY -= 1 }
                backward[offset + c] = startY
                if delta & 1 == 0, k >= -d, k <= d, startX <= forward[offset + k] {
                    return ((startX, startY), (x0, y0), false)
                }
                c -= 2
            }
        }
        preconditionFailure("a shortest edit path always exists")
    }
}
