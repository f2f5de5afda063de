/// Reads a Markdown plan following the conventions in docs/architecture.md. Pure: text in, `Plan` out.
///
/// A list item is a task when it is top-level (indented less than two columns) or when it carries
/// any annotation (`@owner`, `~3d`, `#tag`, `(due ...)`, `after:`): nested, unannotated items are
/// details of their parent task. Nothing inside fenced code blocks is read.
public struct PlanParser: Sendable {
    public init() {}

    public func parse(_ text: String, file: String = "plan") throws -> Plan {
        let lines = Self.splitLines(text)
        var sections: [PlanSection] = []
        var tasks: [PlanTask] = []
        var fence: (char: Character, count: Int)?
        // Headings above the current line, for due-date inheritance and section paths.
        var headingStack: [(level: Int, title: String, due: Day?)] = []
        var currentSection = 0
        var hasRootSection = false

        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            let content = Self.stripTerminator(rawLine)

            if let f = Self.fenceMarker(content) {
                if let open = fence {
                    if f.char == open.char, f.count >= open.count, f.isBare { fence = nil }
                } else {
                    fence = (f.char, f.count)
                }
                continue
            }
            if fence != nil { continue }

            if let heading = Self.heading(content, next: offset + 1 < lines.count ? Self.stripTerminator(lines[offset + 1]) : nil) {
                var scanner = AnnotationScanner(text: heading.text, file: file, line: lineNumber)
                let annotations = try scanner.scan()
                while let last = headingStack.last, last.level >= heading.level { headingStack.removeLast() }
                let inherited = headingStack.last(where: { $0.due != nil })?.due
                let due = annotations.due ?? inherited
                let title = annotations.title
                headingStack.append((heading.level, title, due))
                sections.append(PlanSection(index: sections.count + (hasRootSection ? 0 : 1), title: title,
                                            level: heading.level, line: lineNumber, due: due,
                                            path: headingStack.map(\.title)))
                currentSection = sections.last!.index
                continue
            }

            guard let item = Self.listItem(content) else { continue }
            var scanner = AnnotationScanner(text: item.text, file: file, line: lineNumber, columnOffset: item.column)
            let annotations = try scanner.scan()
            guard item.indent < 2 || annotations.hasAny else { continue }
            if sections.isEmpty && !hasRootSection {
                hasRootSection = true
                sections.append(PlanSection(index: 0, title: "", level: 0, line: 1, due: nil, path: []))
                currentSection = 0
            }
            let sectionDue = sections.first(where: { $0.index == currentSection })?.due
            tasks.append(PlanTask(title: annotations.title, owners: annotations.owners, estimate: annotations.estimate,
                                  tags: annotations.tags, due: annotations.due ?? sectionDue,
                                  dueIsOwn: annotations.due != nil, dependencies: annotations.dependencies,
                                  line: lineNumber, sectionIndex: currentSection, text: content))
        }
        sections.sort { $0.index < $1.index }
        return Plan(lines: lines, sections: sections, tasks: tasks)
    }

    /// Splits after each `\n`, keeping terminators, so joining gives the input back exactly.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var start = text.utf8.startIndex
        var index = start
        let utf8 = text.utf8
        while index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                let next = utf8.index(after: index)
                lines.append(String(text[start..<next]))
                start = next
            }
            index = utf8.index(after: index)
        }
        if start < utf8.endIndex { lines.append(String(text[start...])) }
        return lines
    }

    static func stripTerminator(_ line: String) -> String {
        // By scalars: Swift treats "\r\n" as one Character, which neither `hasSuffix("\n")` nor
        // `hasSuffix("\r")` matches, so CRLF plans once kept "\r\n" inside every title.
        var scalars = Substring(line).unicodeScalars
        if scalars.last == "\n" { scalars.removeLast() }
        if scalars.last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

    static func leadingColumns(_ s: Substring) -> (columns: Int, rest: Substring) {
        var columns = 0
        var rest = s
        while let c = rest.first, c == " " || c == "\t" {
            columns += c == "\t" ? 4 - columns % 4 : 1
            rest = rest.dropFirst()
        }
        return (columns, rest)
    }

    static func fenceMarker(_ line: String) -> (char: Character, count: Int, isBare: Bool)? {
        let (indent, rest) = leadingColumns(Substring(line))
        guard indent <= 3, let c = rest.first, c == "`" || c == "~" else { return nil }
        let count = rest.prefix(while: { $0 == c }).count
        guard count >= 3 else { return nil }
        let info = rest.dropFirst(count)
        if c == "`", info.contains("`") { return nil }
        return (c, count, info.allSatisfy { $0 == " " || $0 == "\t" })
    }

    static func heading(_ line: String, next: String?) -> (level: Int, text: String)? {
        let (indent, rest) = leadingColumns(Substring(line))
        guard indent <= 3 else { return nil }
        if rest.first == "#" {
            let level = rest.prefix(while: { $0 == "#" }).count
            let after = rest.dropFirst(level)
            guard level <= 6, after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
            var text = after.trimmingSpaces()
            // A closing sequence of #s is not part of the title.
            if let hashes = text.lastIndex(where: { $0 != "#" }), text.hasSuffix("#"),
               text[hashes] == " " || text[hashes] == "\t" {
                text = String(text[...hashes]).trimmingSpaces()
            } else if text.allSatisfy({ $0 == "#" }) {
                text = ""
            }
            return (level, text)
        }
        // Setext: a paragraph line underlined with === (level 1). `---` underlines are left alone: they
        // are far more often thematic breaks in plans than headings.
        if let next, !rest.isEmpty, listItem(line) == nil {
            let underline = leadingColumns(Substring(next))
            let marks = underline.rest.trimmingSpaces()
            if underline.columns <= 3, marks.count >= 2, marks.allSatisfy({ $0 == "=" }) {
                return (1, rest.trimmingSpaces())
            }
        }
        return nil
    }

    /// A bullet or ordered list item: its indentation, the text after the marker and that text's column.
    static func listItem(_ line: String) -> (indent: Int, text: String, column: Int)? {
        let (indent, rest) = leadingColumns(Substring(line))
        var body: Substring
        if let c = rest.first, c == "-" || c == "*" || c == "+" {
            body = rest.dropFirst()
        } else {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard (1...9).contains(digits.count) else { return nil }
            let after = rest.dropFirst(digits.count)
            guard let c = after.first, c == "." || c == ")" else { return nil }
            body = after.dropFirst()
        }
        guard let space = body.first, space == " " || space == "\t" else { return nil }
        // `* * *` and `- - -` are thematic breaks, not items.
        if rest.allSatisfy({ $0 == rest.first || $0 == " " || $0 == "\t" }) && rest.filter({ $0 == rest.first }).count >= 3 {
            return nil
        }
        body = body.drop(while: { $0 == " " || $0 == "\t" })
        // Task-list checkboxes are not part of the title.
        for box in ["[ ] ", "[x] ", "[X] "] where body.hasPrefix(box) {
            body = body.dropFirst(box.count)
        }
        let column = line.count - body.count + 1
        return (indent, String(body), column)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
