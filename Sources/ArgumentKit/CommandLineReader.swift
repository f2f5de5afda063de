/// Reads the words after a command's name into a value of the command's type.
///
/// The grammar, as users of git and other POSIX tools expect it: `--name value`, `--name=value`,
/// `-n value`, `-nvalue`, clustered flags (`-qv`), options anywhere among the positional arguments,
/// and `--` to end the options. A value may start with a dash (`--seed -5`, `-o -`) unless it is one
/// of the command's own options, which is then reported as the missing value it probably is.
/// A single-valued option given twice keeps the last value.
struct CommandLineReader<Root: CommandArguments> {
    func read(_ words: [String]) throws -> Root {
        let declarations = Root.declarations
        var items: [Declaration<Root>.Item] = []
        var infos: [ArgumentInfo] = []
        // Indexed loops, not for-in or map: see Declaration.appendItems.
        var index = 0
        while index < declarations.count {
            declarations[index].appendItems(to: &items)
            index += 1
        }
        index = 0
        while index < items.count {
            infos.append(items[index].info)
            index += 1
        }
        // The grammar works on the items' descriptions alone (not generic, so it costs the runtime no
        // metadata per command); only storing the values needs `Root`.
        let assignments = try ArgumentScanner(infos: infos).scan(words)
        var root = Root()
        for assignment in assignments {
            do {
                try items[assignment.item].store(&root, assignment.value)
            } catch let invalid as InvalidValue {
                throw CommandLineError.invalidValue(option: assignment.written, value: assignment.value ?? "",
                                                    choices: items[assignment.item].details().choices, reason: invalid.reason)
            }
        }
        index = 0
        while index < declarations.count {
            try declarations[index].validate(&root)
            index += 1
        }
        try root.validate()
        return root
    }
}

/// The grammar of `CommandLineReader`: which item each word sets, checked for unknown, missing and
/// extra words.
struct ArgumentScanner {
    struct Assignment {
        /// The item's index in `infos`.
        var item: Int
        /// Nil for a flag.
        var value: String?
        /// How the command line named it (`--team`, `-t`, `<plan>`), for error messages.
        var written: String
    }

    let infos: [ArgumentInfo]

    func scan(_ words: [String]) throws -> [Assignment] {
        var assignments: [Assignment] = []
        var positionals: [String] = []
        // An array, not a Set: a Set's first use sets up hashing (its seed, Int's conformance), which
        // costs more than the whole scan of a command line.
        var given = [Bool](repeating: false, count: infos.count)
        var index = 0
        var optionsEnded = false

        func item(long name: Substring) -> Int? { infos.firstIndex { !$0.isPositional && $0.name == name } }
        func item(short letter: Character) -> Int? { infos.firstIndex { !$0.isPositional && $0.short == letter } }
        func isOwnOption(_ word: String) -> Bool {
            if word.hasPrefix("--") { return item(long: word.dropFirst(2).prefix { $0 != "=" }) != nil }
            if word.hasPrefix("-"), let letter = word.dropFirst().first { return item(short: letter) != nil }
            return false
        }
        func assign(_ position: Int, _ value: String?, as written: String) {
            assignments.append(Assignment(item: position, value: value, written: written))
            given[position] = true
        }
        func value(for position: Int, written: String) throws -> String {
            guard index < words.count, !isOwnOption(words[index]) else {
                throw CommandLineError.missingValue(option: written, valueName: infos[position].valueName)
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
                let written = "--" + String(name)
                guard let position = item(long: name) else {
                    // Hidden options stay hidden in suggestions too; --help is answered by the tool.
                    let names = infos.filter { !$0.isPositional && !$0.isHidden }.map { "--" + $0.name }
                        + ["--" + ToolOptions.help.name]
                    throw CommandLineError.unknownOption(written, suggestion: closest(to: written, in: names))
                }
                if infos[position].takesValue {
                    assign(position, try inline ?? value(for: position, written: written), as: written)
                } else {
                    guard inline == nil else { throw CommandLineError.valueForFlag(written) }
                    assign(position, nil, as: written)
                }
            } else {
                // -t value, -tvalue, -t=value, or clustered flags -qv.
                var letters = word.dropFirst()
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    let written = "-" + String(letter)
                    guard let position = item(short: letter) else {
                        throw CommandLineError.unknownOption(written, suggestion: nil)
                    }
                    if infos[position].takesValue {
                        let attached = letters.hasPrefix("=") ? String(letters.dropFirst()) : String(letters)
                        assign(position, attached.isEmpty ? try value(for: position, written: written) : attached, as: written)
                        break
                    }
                    assign(position, nil, as: written)
                }
            }
        }

        var remaining = positionals[...]
        for position in infos.indices where infos[position].isPositional {
            let info = infos[position]
            if info.isRepeating {
                for word in remaining { assign(position, word, as: info.displayName) }
                remaining = []
            } else if let word = remaining.first {
                assign(position, word, as: info.displayName)
                remaining = remaining.dropFirst()
            }
            if info.isRequired && !given[position] {
                throw CommandLineError.missingArgument(synopsis: "argument \(info.synopsis)")
            }
        }
        if let extra = remaining.first { throw CommandLineError.unexpectedArgument(extra) }
        for position in infos.indices where !infos[position].isPositional && infos[position].isRequired && !given[position] {
            throw CommandLineError.missingArgument(synopsis: "option \(infos[position].synopsis)")
        }
        return assignments
    }
}
