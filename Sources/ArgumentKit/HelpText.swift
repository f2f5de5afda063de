/// The help a command prints for `--help`, and the usage line its errors end with.
public struct HelpText {
    /// The command's names from the tool down: `["planfit", "cache", "prune"]`.
    public var path: [String]
    public var command: CommandTree
    /// The tool's version, listed as `--version` in the root command's help.
    public var version: String?
    /// Columns to wrap to.
    public var width: Int

    public init(path: [String], command: CommandTree, version: String? = nil, width: Int = 80) {
        self.path = path
        self.command = command
        self.version = version
        self.width = max(width, 40)
    }

    /// `planfit check <plan> --team <file> [<options>]`: what must be given, then the rest in brackets.
    public var usage: String {
        let visible = command.visibleArguments
        var parts = [path.joined(separator: " ")]
        if !command.subcommands.isEmpty && command.prepare == nil { parts.append("<subcommand>") }
        for info in visible where info.isPositional { parts.append(info.isRequired ? info.synopsis : "[\(info.synopsis)]") }
        for info in visible where !info.isPositional && info.isRequired { parts.append(info.synopsis) }
        if visible.contains(where: { !$0.isPositional && !$0.isRequired }) { parts.append("[<options>]") }
        return parts.joined(separator: " ")
    }

    public var text: String {
        var out = ""
        out += wrap("OVERVIEW: " + command.about.abstract, indent: 0, hanging: 0) + "\n"
        if !command.about.discussion.isEmpty {
            out += "\n"
            for line in Self.paragraphs(command.about.discussion) {
                let indent = line.prefix { $0 == " " }.count
                out += (line.isEmpty ? "" : wrap(String(line.dropFirst(indent)), indent: indent, hanging: indent)) + "\n"
            }
        }
        out += "\n" + wrap("USAGE: " + usage, indent: 0, hanging: 7) + "\n"
        let visible = command.visibleArguments
        let positionals = visible.filter(\.isPositional)
        if !positionals.isEmpty {
            out += "\nARGUMENTS:\n"
            for info in positionals { out += entry(info.synopsis, describe(info)) }
        }
        out += "\nOPTIONS:\n"
        for info in visible where !info.isPositional {
            let names = (info.short.map { "-\($0), " } ?? "") + info.synopsis
            out += entry(names, describe(info))
        }
        if version != nil {
            // The tool's own options (ToolOptions), as completion and the manual list them too.
            for info in [ToolOptions.version, ToolOptions.completionScript] { out += entry(info.synopsis, describe(info)) }
        }
        out += entry("-h, --help", ToolOptions.help.help)
        if !command.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for sub in command.subcommands { out += entry(sub.about.name, sub.about.abstract) }
            out += "\n  See '\(path.joined(separator: " ")) <subcommand> --help' for detailed help.\n"
        }
        return out
    }

    /// The discussion's lines with each paragraph on one line, to be wrapped to the terminal: lines
    /// that follow one another join, except indented ones (examples), which stay as written.
    static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = []
        var joinable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indented = line.first == " "
            if joinable, !line.isEmpty, !indented {
                lines[lines.count - 1] += " " + line
            } else {
                lines.append(String(line))
            }
            joinable = !line.isEmpty && !indented
        }
        return lines
    }

    /// The help line of one item: its text, then its values and default.
    private func describe(_ info: ArgumentInfo) -> String {
        var notes: [String] = []
        if !info.choices.isEmpty, !info.choices.allSatisfy({ info.help.contains($0) }) {
            notes.append("values: " + info.choices.joined(separator: ", "))
        }
        if let value = info.defaultText, !value.isEmpty, info.takesValue { notes.append("default: " + value) }
        return info.help + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
    }

    /// `  -t, --team <file>       The team profile...`, the text in a column from 26, or on the next
    /// line when the names are longer.
    private func entry(_ names: String, _ help: String) -> String {
        let column = 26
        let lead = "  " + names
        if lead.count + 2 <= column {
            let first = lead + String(repeating: " ", count: column - lead.count)
            return first + String(wrap(help, indent: column, hanging: column).dropFirst(column)) + "\n"
        }
        return lead + "\n" + wrap(help, indent: column, hanging: column) + "\n"
    }

    /// `text` broken at spaces to the width, the first line indented by `indent` and the others by
    /// `hanging`. A word longer than a line stays whole.
    func wrap(_ text: String, indent: Int, hanging: Int) -> String {
        var lines: [String] = []
        var line = String(repeating: " ", count: indent)
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: hanging)
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
