extension Double {
    /// `24` rather than `24.0`; one decimal otherwise. For messages and tables.
    ///
    /// Total: any Double gives text, never a trap. Inputs are range-checked where they enter, but
    /// messages are also built from sums and ratios of them, and converting a Double to `Int` traps at
    /// 2^63, infinity and NaN, which once crashed planfit on a huge estimate.
    ///
    /// The text is what C's `%.1f` and `%.3e` print (correctly rounded from the exact binary value,
    /// ties to even), computed here because Foundation's `String(format:)` links ICU (issue 11).
    public var formatted: String {
        guard isFinite else { return isNaN ? "NaN" : (self < 0 ? "-infinity" : "infinity") }
        // Beyond 1e15 a Double no longer holds every integer, and 16-digit numbers help nobody.
        if abs(self) >= 1e15 { return scientificText }
        if self == rounded() { return String(Int(self)) }
        return oneDecimalText
    }

    /// The value as a whole significand times a power of two: |self| = significand * 2^exponent.
    private var binaryParts: (significand: UInt64, exponent: Int) {
        let bits = significandBitPattern
        if exponentBitPattern == 0 { return (bits, -1074) }
        return (bits | (1 << 52), Int(exponentBitPattern) - 1075)
    }

    /// `%.1f` for a value below 1e15 that is not whole: the value times ten, rounded to a whole number.
    private var oneDecimalText: String {
        let (significand, exponent) = binaryParts
        // Not whole and below 2^50, so the exponent is negative; significand * 10 < 2^57 fits.
        let shift = -exponent
        let scaled = significand * 10
        var tenths: UInt64 = 0
        if shift < 64 {
            tenths = scaled >> UInt64(shift)
            let remainder = scaled & ((1 << UInt64(shift)) - 1)
            let half: UInt64 = 1 << UInt64(shift - 1)
            if remainder > half || (remainder == half && tenths % 2 == 1) { tenths += 1 }
        }
        return (sign == .minus ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    /// `%.3e` for a value of 1e15 or more: four significant digits of the exact value.
    private var scientificText: String {
        let (significand, exponent) = binaryParts
        // At 1e15 or more the exponent is at least -3: the value is a whole part and at most three
        // fractional bits, which only matter for breaking a tie.
        let whole: [UInt8]
        var fractionNonZero = false
        if exponent < 0 {
            whole = Array(String(significand >> UInt64(-exponent)).utf8)
            fractionNonZero = significand & ((1 << UInt64(-exponent)) - 1) != 0
        } else {
            whole = Self.decimalDigits(significand, timesTwoToThe: exponent)
        }
        let digit = { (i: Int) -> Int in Int(whole[i] - UInt8(ascii: "0")) }
        var kept = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        var decimalExponent = whole.count - 1
        let next = digit(4)
        let restNonZero = fractionNonZero || whole[5...].contains { $0 != UInt8(ascii: "0") }
        if next > 5 || (next == 5 && (restNonZero || kept % 2 == 1)) {
            kept += 1
            if kept == 10_000 {
                kept = 1000
                decimalExponent += 1
            }
        }
        let digits = String(kept)
        let exponentText = decimalExponent < 10 ? "0\(decimalExponent)" : "\(decimalExponent)"
        return (sign == .minus ? "-" : "") + "\(digits.prefix(1)).\(digits.dropFirst())e+\(exponentText)"
    }

    /// The decimal digits of `value * 2^power`, exactly, for any power a Double has (up to 971).
    private static func decimalDigits(_ value: UInt64, timesTwoToThe power: Int) -> [UInt8] {
        // Little-endian limbs of nine decimal digits each.
        let base: UInt64 = 1_000_000_000
        var limbs: [UInt64] = [value % base, (value / base) % base, value / base / base]
        var remaining = power
        while remaining > 0 {
            let step = min(remaining, 29)
            remaining -= step
            var carry: UInt64 = 0
            for i in limbs.indices {
                let product = limbs[i] << UInt64(step) + carry
                limbs[i] = product % base
                carry = product / base
            }
            while carry > 0 {
                limbs.append(carry % base)
                carry /= base
            }
        }
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let piece = String(limb)
            text += String(repeating: "0", count: 9 - piece.count) + piece
        }
        return Array(text.utf8)
    }
}
