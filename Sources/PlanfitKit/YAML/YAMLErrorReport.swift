/// The long form of a `YAMLError`: place, stage and problem, then the line of the source it is on with a
/// caret under the column. This is the layout Yams gave its errors, which the config file's "not valid
/// YAML" message has always quoted; it is kept byte for byte (Yams counted the caret's column in UTF-16
/// units, and split lines where Foundation does: LF, CR, CRLF, NEL, U+2028, U+2029).
extension YAMLError {
    public func report(in source: String) -> String {
        switch kind {
        case .outOfMemory:
            return "Memory error"
        case let .unreadable(problem, byteOffset, value):
            // The offset in characters, when the byte starts one.
            let offset = source.utf8.index(source.utf8.startIndex, offsetBy: byteOffset, limitedBy: source.utf8.endIndex)?
                .samePosition(in: source).map { source.distance(from: source.startIndex, to: $0) }
            guard let offset, let index = source.index(source.startIndex, offsetBy: offset, limitedBy: source.endIndex),
                  index < source.endIndex else {
                return "\(problem) at offset: \(String(describing: offset)), value: \(value)"
            }
            var number = 0
            var line = Self.line(startingAt: source.startIndex, in: source)
            while line.upperBound <= index && line.upperBound < source.endIndex {
                number += 1
                line = Self.line(startingAt: line.upperBound, in: source)
            }
            let column = source.utf16.distance(from: line.lowerBound, to: index)
            return "\(number + 1):\(column + 1): error: reader: \(problem):\n" + Self.endingWithNewline(String(source[line]))
                + String(repeating: " ", count: column) + "^"
        case let .syntax(stage, context, problem):
            let contextText = context.map { "\($0.text) in line \($0.line), column \($0.column)\n" } ?? ""
            return "\(line ?? 0):\(column ?? 0): error: \(stage.rawValue): \(contextText)\(problem):\n" + snippet(source)
        case .duplicateKeys(let keys):
            return "Parser: expected all keys to be unique but found the following duplicated key(s): "
                + keys.sorted().map { "'\($0)'" }.joined(separator: ", ") + ".\nContext:\n"
                + "\(source) in line \(line ?? 0), column \(column ?? 0)\n"
        case .aliasExpansion:
            return "\(line ?? 0):\(column ?? 0): error: composer: \(message):\n" + snippet(source)
        }
    }

    /// The error's line of the source (the last line when it is past the end) and a caret under its
    /// column.
    private func snippet(_ source: String) -> String {
        var line = Self.line(startingAt: source.startIndex, in: source)
        var number = 0
        while number < (self.line ?? 1) - 1 && line.upperBound < source.endIndex {
            number += 1
            line = Self.line(startingAt: line.upperBound, in: source)
        }
        let contents = String(source[line])
        let scalars = contents.unicodeScalars
        let caret = scalars.index(scalars.startIndex, offsetBy: max((column ?? 1) - 1, 0), limitedBy: scalars.endIndex)?
            .samePosition(in: contents.utf16) ?? contents.utf16.endIndex
        let indent = contents.utf16.distance(from: contents.utf16.startIndex, to: caret)
        return Self.endingWithNewline(contents) + String(repeating: " ", count: indent) + "^"
    }

    /// The line starting at `start`, with its line break.
    private static func line(startingAt start: String.Index, in source: String) -> Range<String.Index> {
        let scalars = source.unicodeScalars
        var i = start
        while i < scalars.endIndex {
            let scalar = scalars[i]
            i = scalars.index(after: i)
            if scalar == "\r" {
                if i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
                break
            }
            if scalar == "\n" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" { break }
        }
        return start..<i
    }

    /// The text with a line feed added unless it already ends with a line break (any of U+000A to
    /// U+000D, NEL, U+2028, U+2029, the characters Foundation calls newlines).
    private static func endingWithNewline(_ text: String) -> String {
        guard let last = text.unicodeScalars.last,
              ("\u{0A}"..."\u{0D}").contains(last) || last == "\u{85}" || last == "\u{2028}" || last == "\u{2029}" else {
            return text + "\n"
        }
        return text
    }
}
