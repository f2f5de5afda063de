/// The tool's manual page in mdoc(7), section 1: NAME, SYNOPSIS (one line per command that runs),
/// DESCRIPTION (the tool's discussion and its own options), then COMMANDS, one entry per command
/// with its abstract, discussion and options. Hidden options are left out, as in help.
///
/// mdoc rather than man(7): mandoc and groff both render it, and its semantic macros (`.Fl`, `.Ar`,
/// `.Cm`) let `man` style options and arguments itself. The page has no empty line (mdoc warns about
/// each), and every piece of text from the declarations is escaped: a backslash would start a roff
/// escape, a line starting with `.` or `'` would be read as a request, and on a macro line a word
/// such as `No` or `Op` would be read as a macro.
public struct ManualPage {
    public var tool: CommandTree
    public var version: String
    public var date: (year: Int, month: Int, day: Int)

    public init(tool: CommandTree, version: String, date: (year: Int, month: Int, day: Int)) {
        self.tool = tool
        self.version = version
        self.date = date
    }

    public var text: String {
        let commands = ToolCommand.all(in: tool)
        let name = tool.about.name
        var lines = [
            ".Dd \(Self.monthNames[min(max(date.month, 1), 12) - 1]) \(date.day), \(date.year)",
            ".Dt \(macroArguments(name.uppercased())) 1",
            // No argument: mandoc's lint counts a tool's name and version there as naming an OS.
            ".Os",
            ".Sh NAME",
            ".Nm \(macroArguments(name))",
            ".Nd \(macroArguments(withoutFinalPeriod(oneLine(tool.about.abstract))))",
            ".Sh SYNOPSIS",
        ]
        let root = commands[0]
        if !root.runs {
            lines += [".Nm", ".Fl \(macroArguments("-" + ToolOptions.version.name))"]
            lines += [".Nm", ".Fl \(macroArguments("-" + ToolOptions.completionScript.name)) Ar \(macroArguments(ToolOptions.completionScript.valueName))"]
        }
        for command in commands where command.runs {
            lines.append(".Nm")
            lines += command.path.dropFirst().map { ".Cm \(macroArguments($0))" }
            lines += synopsis(command).map { "." + $0 }
        }
        lines.append(".Sh DESCRIPTION")
        let discussion = paragraphs([root.tree.about.discussion])
        lines += discussion
        // mdoc warns of a .Pp right after .Sh: the section starts a paragraph of its own.
        lines += (discussion.isEmpty ? [] : [".Pp"])
            + (root.runs ? ["Its arguments and options:"] : ["The options of", ".Nm", "itself:"])
        lines += argumentList(root)
        lines += [".Pp", "This page describes", ".Nm", textLine(version + ".")]
        if commands.count > 1 {
            lines += [".Sh COMMANDS", ".Bl -tag -width Ds"]
            for command in commands.dropFirst() {
                let head = ["Nm"] + command.path.dropFirst().map { "Cm " + macroArguments($0) } + synopsis(command)
                lines.append(".It " + head.joined(separator: " "))
                lines += paragraphs([command.tree.about.abstract, command.tree.about.discussion])
                if command.runs { lines += argumentList(command) }
            }
            lines.append(".El")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What follows a command's names in its synopsis, as macros without the leading dot: its
    /// positional arguments, its required options, then `Op Ar options` when it has others.
    private func synopsis(_ command: ToolCommand) -> [String] {
        var parts: [String] = []
        for info in command.positionals {
            let argument = "Ar " + macroArguments(info.valueName) + (info.isRepeating ? " No ..." : "")
            parts.append(info.isRequired ? argument : "Op " + argument)
        }
        let declared = command.tree.visibleArguments.filter { !$0.isPositional }
        for info in declared where info.isRequired { parts.append(optionHead(info, short: false)) }
        if declared.contains(where: { !$0.isRequired }) { parts.append("Op Ar options") }
        return parts
    }

    /// `Fl t , Fl -team Ar file`: an option's names and its value.
    private func optionHead(_ info: ArgumentInfo, short: Bool = true) -> String {
        var head = ""
        if short, let letter = info.short { head += "Fl \(macroArguments(String(letter))) , " }
        head += "Fl \(macroArguments("-" + info.name))"
        if info.takesValue { head += " Ar \(macroArguments(info.valueName))" }
        return head
    }

    /// A tag list of the command's positional arguments and options: each with its help, values and
    /// default. Empty when there is nothing to list.
    private func argumentList(_ command: ToolCommand) -> [String] {
        let items = command.positionals + command.options.filter { $0 != ToolOptions.help || command.isRoot }
        guard !items.isEmpty else { return [] }
        var lines = [".Bl -tag -width Ds"]
        for info in items {
            let head = info.isPositional ? "Ar " + macroArguments(info.valueName) + (info.isRepeating ? " No ..." : "")
                                         : optionHead(info)
            lines.append(".It " + head)
            var text = info.help
            if !info.choices.isEmpty { text += "\nValues: " + info.choices.joined(separator: ", ") + "." }
            if let value = info.defaultText, !value.isEmpty, info.takesValue { text += "\nDefault: " + value + "." }
            lines += paragraphs([text])
        }
        lines.append(".El")
        return lines
    }

    /// Texts in the manner of a discussion, one after the other: lines of text filled into
    /// paragraphs (a blank line between two), and indented lines kept as they are in a literal
    /// display, indentation relative to the block's least indented line.
    private func paragraphs(_ texts: [String]) -> [String] {
        enum Block { case text([String]), literal([Substring]) }
        var blocks: [Block] = []
        for text in texts where !text.isEmpty {
            var brokenOff = true
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let content = line.drop { $0 == " " || $0 == "\t" }
                if content.isEmpty {
                    brokenOff = true
                } else if content.startIndex != line.startIndex {
                    if !brokenOff, case .literal(let lines) = blocks.last {
                        blocks[blocks.count - 1] = .literal(lines + [line])
                    } else {
                        blocks.append(.literal([line]))
                    }
                    brokenOff = false
                } else {
                    if !brokenOff, case .text(let lines) = blocks.last {
                        blocks[blocks.count - 1] = .text(lines + [String(content)])
                    } else {
                        blocks.append(.text([String(content)]))
                    }
                    brokenOff = false
                }
            }
            brokenOff = true
        }
        var out: [String] = []
        for (index, block) in blocks.enumerated() {
            switch block {
            case .text(let lines):
                // A display leaves space before itself (mdoc warns of a .Pp there), not after.
                // Nor does a display end with space: a paragraph after one starts with .Pp too.
                if index > 0 { out.append(".Pp") }
                out += lines.flatMap(sentences).map(textLine)
            case .literal(let lines):
                let indent = lines.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
                out.append(".Bd -literal -offset indent")
                out += lines.map { literalLine(String($0.dropFirst(indent))) }
                out.append(".Ed")
            }
        }
        return out
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
}

/// The abstract as `.Nd` wants it: mdoc's style is no full stop at the end of the description.
private func withoutFinalPeriod(_ text: String) -> String {
    text.hasSuffix(".") && !text.hasSuffix("..") ? String(text.dropLast()) : text
}

/// `line` split after each sentence, for roff's "new sentence, new line": it ends a sentence with
/// wider space only at the end of an input line, and mandoc's lint asks for it.
private func sentences(_ line: String) -> [String] {
    var out: [String] = []
    var current = ""
    var characters = line.makeIterator()
    var pending: Character? = characters.next()
    while let character = pending {
        pending = characters.next()
        current.append(character)
        if ".?!".contains(character), pending == " " {
            var lookahead = characters
            if let next = lookahead.next(), next.isUppercase {
                out.append(current)
                current = ""
                pending = characters.next()
            }
        }
    }
    out.append(current)
    return out.map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }.filter { !$0.isEmpty }
}

/// One line of filled text: roff's escapes spelled out, and a leading `.` or `'` kept from being
/// read as a request.
private func textLine(_ line: String) -> String {
    let escaped = roffEscaped(String(line.map { $0 == "\t" ? " " : $0 }))
    return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
}

/// One line of a literal display: as a text line, but with its spaces and tabs kept.
private func literalLine(_ line: String) -> String {
    let escaped = roffEscaped(line)
    return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
}

/// Words for a macro line, each escaped so that none is read as a macro, a delimiter or a quote.
func macroArguments(_ text: String) -> String {
    text.split(separator: " ", omittingEmptySubsequences: true).map { word in
        var escaped = roffEscaped(String(word), quotes: true)
        if isMacroLike(word) || (word.count == 1 && "()[].,:;!?|".contains(word)) { escaped = "\\&" + escaped }
        return escaped
    }.joined(separator: " ")
}

/// Whether mdoc could take the word for a macro name on a macro line: `No`, `Op`, `Ar`, `Brq`, `%A`.
private func isMacroLike(_ word: Substring) -> Bool {
    guard let first = word.first, word.count <= 3, word.count >= 2 else { return false }
    return (first.isUppercase || first == "%") && word.dropFirst().allSatisfy { $0.isLetter }
}

/// A backslash as roff's `\e`, on a macro line (`quotes`) a double quote as `\(dq` rather than the
/// start of a quoted argument, and every character beyond ASCII as `\[uXXXX]`, which mandoc and groff
/// read alike whatever the page's encoding.
private func roffEscaped(_ text: String, quotes: Bool = false) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar == "\\" {
            out += "\\e"
        } else if quotes && scalar == "\"" {
            out += "\\(dq"
        } else if scalar.isASCII {
            out.unicodeScalars.append(scalar)
        } else {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
        }
    }
    return out
}
