extension Double {
    /// `24` rather than `24.0`; one decimal otherwise. For messages and tables.
    ///
    /// Total: any Double gives text, never a trap. Inputs are range-checked where they enter, but
    /// messages are also built from sums and ratios of them, and converting a Double to `Int` traps at
    /// 2^63, infinity and NaN, which once crashed planfit on a huge estimate.
    public var formatted: String {
        guard isFinite else { return isNaN ? "NaN" : (self < 0 ? "-infinity" : "infinity") }
        // Beyond 1e15 a Double no longer holds every integer, and 16-digit numbers help nobody.
        if abs(self) >= 1e15 { return printfFormat("%.3e", self) }
        if self == rounded() { return String(Int(self)) }
        return printfFormat("%.1f", self)
    }
}
