/// A pair of ranges still to be diffed, narrowed to where the two sides differ. Shared by the histogram
/// and Myers passes: their work stacks hold these, and both start each region the same way.
struct DiffRegion {
    var aLow: Int, aHigh: Int, bLow: Int, bHigh: Int

    /// Trims the common leading and trailing elements (they never change the outcome and are the bulk
    /// of a small edit). When one side is then empty, everything left on the other side changed: marks
    /// it and returns true, and the region is done.
    mutating func trimOrFinish(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>,
                               oldChanged: inout [Bool], newChanged: inout [Bool]) -> Bool {
        while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] { aLow += 1; bLow += 1 }
        while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] { aHigh -= 1; bHigh -= 1 }
        guard aLow == aHigh || bLow == bHigh else { return false }
        for index in aLow ..< aHigh { oldChanged[index] = true }
        for index in bLow ..< bHigh { newChanged[index] = true }
        return true
    }
}
