/// Renders a `TaskDiff` for people (text) and programs (JSON).
public struct TaskDiffReport: Sendable {
    public var diff: TaskDiff

    public init(diff: TaskDiff) { self.diff = diff }

    public var summaryLine: String {
        "tasks: \(diff.added.count) added, \(diff.removed.count) removed, \(diff.modified.count) modified, \(diff.moved.count) moved"
    }

    /// Titles, sections and values come from the plans, so they are sanitised before they are
    /// styled: on a colour terminal only planfit's own escapes reach it (see `Terminal`).
    public func text(style: ANSIStyle = ANSIStyle(enabled: false)) -> String {
        guard !diff.isEmpty else { return "" }
        let shown = { (text: String) in TerminalText.sanitised(text) }
        var out = summaryLine + "\n"
        for entry in diff.added {
            out += style.green("+ \(shown(entry.task.title))") + style.dim("  (\(shown(where_(entry))), line \(entry.task.line))") + "\n"
            out += "    " + shown(describe(entry.task)) + "\n"
        }
        for entry in diff.removed {
            out += style.red("- \(shown(entry.task.title))") + style.dim("  (\(shown(where_(entry))), was line \(entry.task.line))") + "\n"
        }
        for pair in diff.modified {
            out += style.yellow("~ \(shown(pair.new.title))") + style.dim("  (line \(pair.old.line) -> \(pair.new.line))") + "\n"
            for change in pair.changes {
                out += "    \(change.field.rawValue): \(style.red(change.old.isEmpty ? "(top)" : shown(change.old))) -> \(style.green(change.new.isEmpty ? "(top)" : shown(change.new)))\n"
            }
        }
        return out
    }

    func where_(_ entry: TaskDiff.Entry) -> String { entry.section.isEmpty ? "top of the plan" : entry.section }

    func describe(_ task: PlanTask) -> String {
        var parts: [String] = []
        parts.append(task.owners.isEmpty ? "no owner" : task.owners.map { "@\($0)" }.joined(separator: " "))
        parts.append(task.estimate?.description ?? "no estimate")
        if !task.tags.isEmpty { parts.append(task.tags.map { "#\($0)" }.joined(separator: " ")) }
        if let due = task.due { parts.append("due \(due)") }
        return parts.joined(separator: ", ")
    }

    public var json: JSONValue {
        func task(_ t: PlanTask, section: String) -> JSONValue {
            .object([
                "title": .string(t.title), "line": .int(t.line), "section": .string(section),
                "owners": .array(t.owners.map { .string($0) }),
                "estimate": t.estimate.map { .string($0.description) } ?? .null,
                "tags": .array(t.tags.map { .string($0.description) }),
                "due": t.due.map { .string($0.description) } ?? .null,
            ])
        }
        func pair(_ p: TaskDiff.Pair) -> JSONValue {
            .object([
                "title": .string(p.new.title), "old_title": .string(p.old.title),
                "old_line": .int(p.old.line), "new_line": .int(p.new.line),
                "changes": .array(p.changes.map { change in
                    // Owners are arrays of handles everywhere in planfit's JSON (as in `added` and
                    // `removed`), not the "@bo @ana" text the terminal report shows.
                    if change.field == .owners {
                        return .object(["field": .string(change.field.rawValue),
                                        "old": .array(p.old.owners.sorted().map { .string($0) }),
                                        "new": .array(p.new.owners.sorted().map { .string($0) })])
                    }
                    return .object(["field": .string(change.field.rawValue), "old": .string(change.old), "new": .string(change.new)])
                }),
            ])
        }
        return .object([
            "added": .array(diff.added.map { task($0.task, section: $0.section) }),
            "removed": .array(diff.removed.map { task($0.task, section: $0.section) }),
            "modified": .array(diff.modified.map(pair)),
            "moved": .array(diff.moved.map { .object(["title": .string($0.new.title), "from": .string($0.oldSection), "to": .string($0.newSection)]) }),
            "summary": .object(["added": .int(diff.added.count), "removed": .int(diff.removed.count),
                                "modified": .int(diff.modified.count), "moved": .int(diff.moved.count)]),
        ])
    }
}
