#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds planfit's annotations inside one heading or task line and returns them with the plain title.
struct AnnotationScanner {
    struct Annotations {
        var title = ""
        var owners: [String] = []
        var estimate: Estimate?
        var tags: [TaskTag] = []
        var due: Day?
        var dependencies: [String] = []
        /// Where each `@handle` token is (character offsets in the scanned text), for `PlanEditor`.
        var ownerTokens: [(owner: String, range: Range<Int>)] = []
        /// Where `(due ...)` is, parentheses included.
        var dueRange: Range<Int>?
        /// Where `after:` starts: everything from there on is dependencies.
        var dependencyOffset: Int?
        /// Where the first annotation of any kind starts.
        var firstAnnotationOffset: Int?

        var hasAny: Bool {
            !owners.isEmpty || estimate != nil || !tags.isEmpty || due != nil || !dependencies.isEmpty
        }
    }

    let text: [Character]
    let file: String
    let line: Int
    let columnOffset: Int

    init(text: String, file: String, line: Int, columnOffset: Int = 1) {
        self.text = Array(text)
        self.file = file
        self.line = line
        self.columnOffset = columnOffset
    }

    private func fail(at index: Int, _ message: String) -> PlanParseError {
        PlanParseError(file: file, line: line, column: columnOffset + index, message: message)
    }

    private func isBoundary(before index: Int) -> Bool {
        index == 0 || text[index - 1] == " " || text[index - 1] == "\t" || text[index - 1] == "(" || text[index - 1] == ","
            || text[index - 1] == "["
    }

    // The annotation alphabets are ASCII: tested on the byte, not with Character's Unicode properties
    // (a table lookup per character, a good part of parsing a plan).
    private static func isASCIILetter(_ c: Character) -> Bool {
        guard let byte = c.asciiValue else { return false }
        return (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isASCIIDigit(_ c: Character) -> Bool {
        guard let byte = c.asciiValue else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHandleCharacter(_ c: Character) -> Bool {
        isASCIILetter(c) || isASCIIDigit(c) || c == "_" || c == "-"
    }

    private static func isTagCharacter(_ c: Character) -> Bool {
        isASCIILetter(c) || isASCIIDigit(c) || c == "_" || c == "-" || c == "+" || c == "."
    }

    mutating func scan() throws -> Annotations {
        var result = Annotations()
        // The title and dependency text, built as a String: an array of Characters made into a String
        // at the end went through generic code (and a protocol-conformance search on first use).
        var kept = ""
        var dependenciesStarted = false
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == "@", isBoundary(before: i), i + 1 < text.count, Self.isHandleCharacter(text[i + 1]) {
                var j = i + 1
                while j < text.count, Self.isHandleCharacter(text[j]) { j += 1 }
                var handle = string((i + 1)..<j)
                while handle.hasSuffix("-") || handle.hasSuffix("_") { handle.removeLast(); j -= 1 }
                let lower = handle.lowercased()
                if !result.owners.contains(lower) { result.owners.append(lower) }
                result.ownerTokens.append((lower, i..<j))
                result.firstAnnotationOffset = result.firstAnnotationOffset ?? i
                i = j
                continue
            }
            if c == "~", isBoundary(before: i), i + 1 < text.count, Self.isASCIIDigit(text[i + 1]) {
                var j = i + 1
                while j < text.count, Self.isASCIIDigit(text[j]) || text[j] == "." { j += 1 }
                if j < text.count, let unit = Estimate.Unit(rawValue: string(j).lowercased()),
                   j + 1 == text.count || !(text[j + 1].isLetter || text[j + 1].isNumber) {
                    guard let amount = Double(string((i + 1)..<j)) else {
                        throw fail(at: i, "'\(string(i...j))' is not an estimate; write ~3d, ~4h or ~1.5w")
                    }
                    guard amount.isFinite, amount <= Estimate.maximumAmount else {
                        let written = j - i > 24 ? "~\(string((i + 1)...(i + 20)))…\(text[j])" : string(i...j)
                        throw fail(at: i, "the estimate '\(written)' is too large; an estimate is at most "
                            + "\(Estimate.maximumAmount.formatted) of its unit (h, d or w): split the task or check the number")
                    }
                    if let existing = result.estimate {
                        throw fail(at: i, "the task has two estimates (\(existing) and ~\(string((i + 1)...j))); keep one")
                    }
                    result.estimate = Estimate(amount: amount, unit: unit)
                    result.firstAnnotationOffset = result.firstAnnotationOffset ?? i
                    i = j + 1
                    continue
                }
            }
            if c == "#", isBoundary(before: i), i + 1 < text.count, Self.isASCIILetter(text[i + 1]) {
                var j = i + 1
                while j < text.count, Self.isTagCharacter(text[j]) { j += 1 }
                var name = string((i + 1)..<j)
                while name.hasSuffix(".") || name.hasSuffix("-") { name.removeLast(); j -= 1 }
                var level: SkillLevel?
                if j + 1 < text.count, text[j] == ":", Self.isASCIILetter(text[j + 1]) || Self.isASCIIDigit(text[j + 1]) {
                    var k = j + 1
                    while k < text.count, Self.isASCIILetter(text[k]) || Self.isASCIIDigit(text[k]) { k += 1 }
                    let word = string((j + 1)..<k)
                    guard let parsed = SkillLevel(name: word) else {
                        throw fail(at: j + 1, "unknown skill level '\(word)' in #\(name):\(word); use basic, working, strong, expert or 1-4")
                    }
                    level = parsed
                    j = k
                }
                let tag = TaskTag(name: name.lowercased(), minimumLevel: level)
                if let existing = result.tags.firstIndex(where: { $0.name == tag.name }) {
                    // The stricter requirement wins when a tag is repeated.
                    if let lv = level, (result.tags[existing].minimumLevel ?? .basic) < lv { result.tags[existing] = tag }
                } else {
                    result.tags.append(tag)
                }
                result.firstAnnotationOffset = result.firstAnnotationOffset ?? i
                i = j
                continue
            }
            if c == "(", matches("(due", at: i) {
                guard let close = text[i...].firstIndex(of: ")") else {
                    throw fail(at: i, "'(due' has no closing ')'; write (due 2026-12-18)")
                }
                let value = string((i + 4)..<close).trimmingSpaces()
                guard let day = Day(iso: value) else {
                    throw fail(at: i + 5, "'\(value)' is not a due date; write (due YYYY-MM-DD), for example (due 2026-12-18)")
                }
                if result.due != nil { throw fail(at: i, "two due dates on one line; keep one") }
                result.due = day
                result.dueRange = i..<(close + 1)
                result.firstAnnotationOffset = result.firstAnnotationOffset ?? i
                i = close + 1
                continue
            }
            if !dependenciesStarted, c == "a" || c == "A", isBoundary(before: i), matches("after:", at: i) {
                dependenciesStarted = true
                result.dependencyOffset = i
                result.firstAnnotationOffset = result.firstAnnotationOffset ?? i
                kept.append("\u{0}")
                i += 6
                continue
            }
            kept.append(c)
            i += 1
        }
        let parts = kept.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
        result.title = Self.cleanTitle(String(parts[0]))
        if parts.count > 1 {
            result.dependencies = parts[1].split(separator: ";").map { Self.cleanTitle(String($0)) }.filter { !$0.isEmpty }
        }
        return result
    }

    /// The characters of `range` as a String, appended one by one (non-generic, unlike `String(text[range])`).
    private func string(_ range: Range<Int>) -> String {
        var result = ""
        for index in range { result.append(text[index]) }
        return result
    }

    private func string(_ range: ClosedRange<Int>) -> String { string(range.lowerBound..<(range.upperBound + 1)) }

    private func string(_ index: Int) -> String { String(text[index]) }

    /// Whether `word` (ASCII, lower case) is at `index`, in any case.
    private func matches(_ word: StaticString, at index: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= text.count else { return false }
        return word.withUTF8Buffer { bytes in
            for k in 0..<count {
                guard let byte = text[index + k].asciiValue else { return false }
                let lower = Self.isASCIILetter(text[index + k]) ? byte | 0x20 : byte
                if lower != bytes[k] { return false }
            }
            return true
        }
    }

    /// Collapses the gaps annotations leave and trims separators left dangling at the end.
    /// What is left dangling at a title's end once its annotations are taken out.
    private static func isTrailingPunctuation(_ character: Character) -> Bool {
        switch character {
        case ",", ";", ":", "-", "–", "—", "|", "(", "[": true
        default: false
        }
    }

    static func cleanTitle(_ s: String) -> String {
        // Words separated by one space: runs of spaces and tabs collapsed, none at either end.
        var title = ""
        var pendingSpace = false
        for character in s {
            if character == " " || character == "\t" {
                pendingSpace = !title.isEmpty
            } else {
                if pendingSpace { title.append(" ") }
                title.append(character)
                pendingSpace = false
            }
        }
        while let last = title.last, Self.isTrailingPunctuation(last) {
            title.removeLast()
            title = title.trimmingSpaces()
        }
        // Brackets emptied by taking annotations out of them; most titles have none.
        if title.utf8.contains(UInt8(ascii: "(")) || title.utf8.contains(UInt8(ascii: "[")) {
            for pair in [("()", ""), ("( )", ""), ("[]", "")] { title = title.replacingAll(pair.0, with: pair.1) }
        }
        return title.trimmingSpaces()
    }
}

