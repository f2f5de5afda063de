#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
                        let hash = Self.hash(bytes.baseAddress! + start, count: end - start)
                        var slot = Int(truncatingIfNeeded: hash) & mask
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

    /// A multiply-mix hash over 8 bytes at a time; lines are tens of bytes, so a byte-at-a-time
    /// hash (FNV) would dominate interning.
    private static func hash(_ start: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var offset = 0
        let raw = UnsafeRawPointer(start)
        while offset + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(start[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }
}
