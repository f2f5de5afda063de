/// Reads the words after a command's name into a value of the command's type.
///
/// The grammar, as users of git and other POSIX tools expect it: `--name value`, `--name=value`,
/// `-n value`, `-nvalue`, clustered flags (`-qv`), options anywhere among the positional arguments,
/// and `--` to end the options. A value may start with a dash (`--seed -5`, `-o -`) unless it is one
/// of the command's own options, which is then reported as the missing value it probably is.
/// A single-valued option given twice keeps the last value.
struct CommandLineReader<Root: CommandArguments> {
    let declarations = Root.declarations

    func read(_ words: [String]) throws -> Root {
        let items = declarations.flatMap(\.items)
        var root = Root()
        var positionals: [String] = []
        var given = Set<Int>()
        var index = 0
        var optionsEnded = false

        func item(long name: Substring) -> Int? { items.firstIndex { !$0.info.isPositional && $0.info.name == name } }
        func item(short letter: Character) -> Int? { items.firstIndex { !$0.info.isPositional && $0.info.short == letter } }
        func isOwnOption(_ word: String) -> Bool {
            if word.hasPrefix("--") { return item(long: word.dropFirst(2).prefix { $0 != "=" }) != nil }
            if word.hasPrefix("-"), let letter = word.dropFirst().first { return item(short: letter) != nil }
            return false
        }
        func store(_ position: Int, _ value: String?, as written: String) throws {
            let info = items[position].info
            do {
                try items[position].store(&root, value)
            } catch let invalid as InvalidValue {
                throw CommandLineError.invalidValue(option: written, value: value ?? "", choices: info.choices,
                                                    reason: invalid.reason)
            }
            given.insert(position)
        }
        func value(for position: Int, written: String) throws -> String {
            guard index < words.count, !isOwnOption(words[index]) else {
                throw CommandLineError.missingValue(option: written, valueName: items[position].info.valueName)
            }
            index += 1
            return words[index - 1]
        }

        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                let inline = name.endIndex < body.endIndex ? String(body[body.index(after: name.endIndex)...]) : nil
                guard let position = item(long: name) else {
                    // Hidden options stay hidden in suggestions too; --help is answered by the tool.
                    let names = items.filter { !$0.info.isPositional && !$0.info.isHidden }.map { "--" + $0.info.name }
                        + ["--" + ToolOptions.help.name]
                    throw CommandLineError.unknownOption("--" + name, suggestion: closest(to: "--" + name, in: names))
                }
                let written = "--" + name
                if items[position].info.takesValue {
                    try store(position, try inline ?? value(for: position, written: written), as: written)
                } else {
                    guard inline == nil else { throw CommandLineError.valueForFlag(written) }
                    try store(position, nil, as: written)
                }
            } else {
                // -t value, -tvalue, or clustered flags -qv.
                var letters = word.dropFirst()
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    guard let position = item(short: letter) else {
                        throw CommandLineError.unknownOption("-" + String(letter), suggestion: nil)
                    }
                    let written = "-" + String(letter)
                    if items[position].info.takesValue {
                        let attached = letters.hasPrefix("=") ? String(letters.dropFirst()) : String(letters)
                        try store(position, attached.isEmpty ? try value(for: position, written: written) : attached,
                                  as: written)
                        break
                    }
                    try store(position, nil, as: written)
                }
            }
        }

        var remaining = positionals[...]
        for position in items.indices where items[position].info.isPositional {
            let info = items[position].info
            if info.isRepeating {
                for word in remaining { try store(position, word, as: info.displayName) }
                remaining = []
            } else if let word = remaining.first {
                try store(position, word, as: info.displayName)
                remaining = remaining.dropFirst()
            }
            if info.isRequired && !given.contains(position) {
                throw CommandLineError.missingArgument(synopsis: "argument \(info.synopsis)")
            }
        }
        if let extra = remaining.first { throw CommandLineError.unexpectedArgument(extra) }
        for position in items.indices where !items[position].info.isPositional && items[position].info.isRequired && !given.contains(position) {
            throw CommandLineError.missingArgument(synopsis: "option \(items[position].info.synopsis)")
        }
        for declaration in declarations {
            for validate in declaration.validations { try validate(&root) }
        }
        try root.validate()
        return root
    }
}
