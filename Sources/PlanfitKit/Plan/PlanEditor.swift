/// Rewrites the owners and due dates of task lines in a plan's Markdown, touching only those
/// annotations: every other byte of the plan — prose, tables, code, other tasks, line endings — is kept.
public struct PlanEditor: Sendable {
    /// What one task line should say after the edit; nil leaves that part as it is.
    public struct TaskEdit: Sendable, Equatable {
        /// 1-based line of the task in the plan being edited.
        public var line: Int
        public var owners: [String]?
        public var due: Day?

        public init(line: Int, owners: [String]? = nil, due: Day? = nil) {
            self.line = line
            self.owners = owners
            self.due = due
        }
    }

    /// The edit could not be expressed on that line (it is not a task line, or reading it back does
    /// not give what was asked).
    public struct EditError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var reason: String
        public var description: String { "cannot edit line \(line) of the plan: \(reason)" }
    }

    public init() {}

    /// The plan's text with every edit applied.
    public func apply(_ edits: [TaskEdit], to plan: Plan) throws -> String {
        var lines = plan.lines
        for edit in edits {
            guard edit.line >= 1, edit.line <= lines.count, let task = plan.tasks.first(where: { $0.line == edit.line }) else {
                throw EditError(line: edit.line, reason: "there is no task on it")
            }
            let raw = lines[edit.line - 1]
            let terminator = String(raw.dropFirst(task.text.count))
            lines[edit.line - 1] = try edited(task.text, edit) + terminator
        }
        let text = lines.joined()
        let reread = try PlanParser().parse(text, file: "edited plan")
        for edit in edits {
            guard let task = reread.tasks.first(where: { $0.line == edit.line }),
                  edit.owners.map({ $0 == task.owners }) ?? true, edit.due.map({ $0 == task.due }) ?? true else {
                throw EditError(line: edit.line, reason: "reading the edited line back does not give the owners and due date asked for")
            }
        }
        return text
    }

    /// One line (without its terminator) with the edit applied.
    func edited(_ content: String, _ edit: TaskEdit) throws -> String {
        guard let item = PlanParser.listItem(content) else { throw EditError(line: edit.line, reason: "it is not a list item") }
        var scanner = AnnotationScanner(text: item.text, file: "plan", line: edit.line)
        let found = try scanner.scan()
        let offset = content.count - item.text.count
        var chars = Array(content)
        // End of the text before trailing blanks: where appended annotations go.
        var end = chars.count
        while end > offset, chars[end - 1] == " " || chars[end - 1] == "\t" { end -= 1 }

        var splices: [(range: Range<Int>, text: String)] = []
        if let due = edit.due, found.due != due {
            if let range = found.dueRange {
                splices.append((range.lowerBound + offset..<range.upperBound + offset, "(due \(due))"))
            } else if let after = found.dependencyOffset {
                splices.append((after + offset..<after + offset, "(due \(due)) "))
            } else {
                splices.append((end..<end, " (due \(due))"))
            }
        }
        if let wanted = edit.owners, wanted != found.owners {
            let removed = found.owners.filter { !wanted.contains($0) }
            var added = wanted.filter { !found.owners.contains($0) }
            for (k, owner) in removed.enumerated() {
                let tokens = found.ownerTokens.filter { $0.owner == owner }
                if k < added.count {
                    // A replacement takes the old owner's place in the sentence.
                    for token in tokens { splices.append((token.range.lowerBound + offset..<token.range.upperBound + offset, "@\(added[k])")) }
                } else {
                    for token in tokens {
                        var start = token.range.lowerBound + offset
                        if start > offset, chars[start - 1] == " " { start -= 1 }
                        splices.append((start..<token.range.upperBound + offset, ""))
                    }
                }
            }
            added = Array(added.dropFirst(min(removed.count, added.count)))
            if !added.isEmpty {
                let text = added.map { "@\($0)" }.joined(separator: " ")
                if let last = found.ownerTokens.map(\.range.upperBound).max() {
                    splices.append((last + offset..<last + offset, " " + text))
                } else if let first = found.firstAnnotationOffset {
                    splices.append((first + offset..<first + offset, text + " "))
                } else {
                    splices.append((end..<end, " " + text))
                }
            }
        }
        // Right to left, so earlier offsets stay valid; insertions at one point keep their order.
        for splice in splices.enumerated().sorted(by: { ($0.element.range.lowerBound, $0.offset) > ($1.element.range.lowerBound, $1.offset) }) {
            chars.replaceSubrange(splice.element.range, with: Array(splice.element.text))
        }
        return String(chars)
    }
}
