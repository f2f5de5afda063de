/// What a command says about one of its arguments, options or flags: everything help, completion
/// scripts and the manual page need, without the code that stores the value.
public struct ArgumentInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A positional argument (`<plan>`); `repeating` takes every remaining one (`<plans> ...`).
        case positional(repeating: Bool)
        /// `--name value`; `repeating` collects every occurrence, otherwise the last one counts.
        case option(repeating: Bool)
        /// `--name`, no value.
        case flag
    }

    public var kind: Kind
    /// The long name without dashes (`team`), or the positional's name (`plan`).
    public var name: String
    /// The one-letter name without its dash (`t` for `-t`), if any.
    public var short: Character?
    /// What help shows for the value (`<file>`); defaults to the name.
    public var valueName: String
    public var help: String
    /// Whether the command line must give it.
    public var isRequired: Bool
    /// The default as it would be written, shown in help; nil when there is none worth showing.
    public var defaultText: String?
    /// The values it accepts, when they are a fixed list.
    public var choices: [String]
    public var completion: Completion
    /// Hidden from help, completion and the manual (still accepted).
    public var isHidden: Bool

    public init(kind: Kind, name: String, short: Character? = nil, valueName: String? = nil, help: String,
                isRequired: Bool = false, defaultText: String? = nil, choices: [String] = [],
                completion: Completion = .none, isHidden: Bool = false) {
        self.kind = kind
        self.name = name
        self.short = short
        self.valueName = valueName ?? name
        self.help = help
        self.isRequired = isRequired
        self.defaultText = defaultText
        self.choices = choices
        self.completion = completion
        self.isHidden = isHidden
    }

    public var isPositional: Bool {
        if case .positional = kind { return true }
        return false
    }

    public var takesValue: Bool { kind != .flag && !isPositional }

    public var isRepeating: Bool {
        switch kind {
        case .positional(let repeating), .option(let repeating): repeating
        case .flag: false
        }
    }

    /// `--team`, or `<plan>` for a positional.
    public var displayName: String { isPositional ? "<\(valueName)>" : "--\(name)" }

    /// `--team <file>`, `--quiet`, `<plan>`, `<plans> ...`: how usage lines and errors name it.
    public var synopsis: String {
        switch kind {
        case .positional(let repeating): "<\(valueName)>" + (repeating ? " ..." : "")
        case .option: "--\(name) <\(valueName)>"
        case .flag: "--\(name)"
        }
    }
}

/// What a shell should offer when completing a value.
public enum Completion: Sendable, Equatable {
    case none
    /// File names; with extensions, only files ending in one of them (and folders, to walk into).
    case file(extensions: [String])
    case directory
    /// A fixed list of words.
    case list([String])

    public static let anyFile = Completion.file(extensions: [])
}
