extension StringProtocol {
    /// The pieces between occurrences of `separator`, as Foundation's `components(separatedBy:)` gave
    /// them: matched whole characters at a time (`a..́b` has no `..`: the second dot carries an accent),
    /// left to right without overlap, empty pieces kept (`a....b` is `a`, ``, `b`).
    func splitting(on separator: String) -> [String] {
        let characters = Array(self), pattern = Array(separator)
        guard !pattern.isEmpty else { return [String(self)] }
        var pieces: [String] = [], piece = 0, i = 0
        while i + pattern.count <= characters.count {
            if characters[i..<(i + pattern.count)].elementsEqual(pattern) {
                pieces.append(String(characters[piece..<i]))
                i += pattern.count
                piece = i
            } else {
                i += 1
            }
        }
        pieces.append(String(characters[piece...]))
        return pieces
    }
}
