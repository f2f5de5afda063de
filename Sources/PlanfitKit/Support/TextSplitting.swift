extension StringProtocol {
    /// The pieces between occurrences of `separator`, as Foundation's `components(separatedBy:)` gave
    /// them: matched whole characters at a time (`a..́b` has no `..`: the second dot carries an accent),
    /// left to right without overlap, empty pieces kept (`a....b` is `a`, ``, `b`).
    func splitting(on separator: String) -> [String] {
        guard !separator.isEmpty else { return [String(self)] }
        // Walks the text's own indices and cuts substrings: an array of Characters cut into slices and
        // made into strings again went through generic code whose first use searched protocol
        // conformances (issue 11: a profile's date ranges paid ~40 us for it).
        var pieces: [String] = []
        var piece = startIndex, index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(separator) {
                pieces.append(String(self[piece..<index]))
                index = self.index(index, offsetBy: separator.count)
                piece = index
            } else {
                index = self.index(after: index)
            }
        }
        pieces.append(String(self[piece...]))
        return pieces
    }
}
