import Foundation

/// Maps every distinct line (or word token) of two texts to a small integer, so the diff algorithms
/// compare and count integers instead of bytes.
///
/// An open-addressing table of FNV-1a hashes: Swift's `Dictionary` would need a hashable key per
/// line (an allocation each) and hashes byte slices one element at a time.
struct LineInterner {
    /// The id of each line of the old text.
    private(set) var oldIDs: [Int32] = []
    /// The id of each line of the new text.
    private(set) var newIDs: [Int32] = []
    /// How many distinct lines the two texts hold together; ids are `0 ..< distinctCount`.
    private(set) var distinctCount = 0

    init(old: TextLines, new: TextLines) {
        self.init(oldBytes: old.bytes, oldBounds: old.bounds, newBytes: new.bytes, newBounds: new.bounds)
    }

    /// Item `i` of a text is `bytes[bounds[i] ..< bounds[i + 1]]`.
    init(oldBytes: [UInt8], oldBounds: [Int], newBytes: [UInt8], newBounds: [Int]) {
        let oldCount = oldBounds.count - 1, newCount = newBounds.count - 1
        var capacity = 16
        while capacity < (oldCount + newCount) * 2 { capacity <<= 1 }
        let mask = capacity - 1
        // slot -> id + 1 (0 marks an empty slot)
        var slots = [Int32](repeating: 0, count: capacity)
        // for each id: its hash, and where its first occurrence lives (text 0 = old, 1 = new)
        var hashes: [UInt64] = []
        var owners: [(text: Int, start: Int, end: Int)] = []
        hashes.reserveCapacity(oldCount + newCount)
        owners.reserveCapacity(oldCount + newCount)

        func intern(_ text: [UInt8], _ bounds: [Int], textNumber: Int, into ids: inout [Int32], other: [UInt8]) {
            ids.reserveCapacity(bounds.count - 1)
            text.withUnsafeBufferPointer { bytes in
                other.withUnsafeBufferPointer { otherBytes in
                    for index in 0 ..< bounds.count - 1 {
                        let start = bounds[index], end = bounds[index + 1]
                        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                        for offset in start ..< end {
                            hash = (hash ^ UInt64(bytes[offset])) &* 0x100_0000_01b3
                        }
                        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
                        while true {
                            let entry = slots[slot]
                            if entry == 0 {
                                let id = Int32(hashes.count)
                                hashes.append(hash)
                                owners.append((textNumber, start, end))
                                slots[slot] = id + 1
                                ids.append(id)
                                break
                            }
                            let id = Int(entry - 1)
                            if hashes[id] == hash {
                                let owner = owners[id]
                                let ownerBytes = owner.text == textNumber ? bytes : otherBytes
                                if owner.end - owner.start == end - start,
                                   memcmp(ownerBytes.baseAddress! + owner.start, bytes.baseAddress! + start,
                                          end - start) == 0 {
                                    ids.append(Int32(id))
                                    break
                                }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }

        var oldIDs: [Int32] = [], newIDs: [Int32] = []
        intern(oldBytes, oldBounds, textNumber: 0, into: &oldIDs, other: newBytes)
        intern(newBytes, newBounds, textNumber: 1, into: &newIDs, other: oldBytes)
        self.oldIDs = oldIDs
        self.newIDs = newIDs
        self.distinctCount = hashes.count
    }
}
