/// A set of arguments and options that fill a value of `Root`: a command, or a group of options
/// several commands share (`--color`, `--quiet`, `--verbose`).
///
/// Conforming types list what they accept in `declarations`, each entry naming the property it
/// fills by key path. Nothing is discovered by reflection: argument parsers that build themselves
/// with `Mirror` spend milliseconds on every start searching protocol conformances (issue 11).
public protocol CommandArguments {
    /// A value with every default in place, which the command line then fills in.
    init()
    /// What the command line may say, in the order help lists it.
    static var declarations: [Declaration<Self>] { get }
    /// Checks combinations the declarations cannot express; throws `ValidationError` (exit 64).
    /// Runs after the whole command line is read, groups before the command that includes them.
    mutating func validate() throws
}

extension CommandArguments {
    public mutating func validate() throws {}
}

/// One entry of `CommandArguments.declarations`: an argument, option or flag and the property it
/// fills, or a nested group.
public struct Declaration<Root> {
    enum Content {
        /// `value` is nil for a flag. `info` lacks the default and the choices, which `details` gives:
        /// only help, completion and errors need them, and working them out (an instance of `Root`,
        /// every case of an enumeration) would cost every run.
        case item(ArgumentInfo, details: () -> ArgumentDetails, store: (inout Root, _ value: String?) throws -> Void)
        case group([Declaration<Root>], validate: (inout Root) throws -> Void)
    }

    let content: Content

    typealias Item = (info: ArgumentInfo, details: () -> ArgumentDetails, store: (inout Root, String?) throws -> Void)

    /// The items this declaration stands for, groups flattened, in order.
    var items: [Item] {
        var items: [Item] = []
        appendItems(to: &items)
        return items
    }

    // The walks below index their arrays instead of using `for-in`, `map` or `flatMap`: in code generic
    // over `Root` (ArgumentKit's is not specialised for planfit's commands) each of those made the runtime
    // instantiate iterator and collection types and search their protocol conformances on every start,
    // ~0.1 ms for `check` (issue 11).

    func appendItems(to items: inout [Item]) {
        switch content {
        case .item(let info, let details, let store):
            items.append((info, details, store))
        case .group(let members, _):
            var index = 0
            while index < members.count {
                members[index].appendItems(to: &items)
                index += 1
            }
        }
    }

    /// Runs the groups' validations, innermost first.
    func validate(_ root: inout Root) throws {
        guard case .group(let members, let validate) = content else { return }
        var index = 0
        while index < members.count {
            try members[index].validate(&root)
            index += 1
        }
        try validate(&root)
    }
}

/// What help shows beside an item, worked out only when help, completion or an error needs it.
struct ArgumentDetails {
    var defaultText: String?
    var choices: [String]

    static let none = ArgumentDetails(defaultText: nil, choices: [])
}

extension ArgumentInfo {
    /// This item as help, completion and the manual describe it.
    func with(_ details: ArgumentDetails) -> ArgumentInfo {
        var info = self
        info.defaultText = details.defaultText
        info.choices = details.choices
        if info.completion == .none, !details.choices.isEmpty { info.completion = .list(details.choices) }
        return info
    }
}

/// Why a value on the command line could not be stored: the parser adds which option it was for.
struct InvalidValue: Error {
    var reason: String?
}

// Each property's key path is taken as an autoclosure: the literal is made into a key path object (and
// the runtime instantiates the key path classes' metadata for its types, several microseconds each) only
// when the command line sets that property or help shows its default, not for every declaration on
// every run.
extension Declaration where Root: CommandArguments {
    /// A positional argument the command line must give.
    public static func argument<Value: ArgumentValue>(
        _ property: @autoclosure @escaping () -> WritableKeyPath<Root, Value>, name: String, help: String, completion: Completion = .none
    ) -> Self {
        let info = ArgumentInfo(kind: .positional(repeating: false), name: name, help: help, isRequired: true,
                                completion: completion)
        return Self(content: .item(info, details: { ArgumentDetails(defaultText: nil, choices: Value.allArgumentValues) },
                                   store: { root, text in root[keyPath: property()] = try parse(text) }))
    }

    /// Every remaining positional argument; at least one unless `required` is false.
    public static func arguments<Value: ArgumentValue>(
        _ property: @autoclosure @escaping () -> WritableKeyPath<Root, [Value]>, name: String, help: String, required: Bool = true,
        completion: Completion = .none
    ) -> Self {
        let info = ArgumentInfo(kind: .positional(repeating: true), name: name, help: help, isRequired: required,
                                completion: completion)
        return Self(content: .item(info, details: { ArgumentDetails(defaultText: nil, choices: Value.allArgumentValues) },
                                   store: { root, text in root[keyPath: property()].append(try parse(text)) }))
    }

    /// `--name value`. Without `required`, the property's initial value is the default help shows.
    public static func option<Value: ArgumentValue>(
        _ property: @autoclosure @escaping () -> WritableKeyPath<Root, Value>, name: String, short: Character? = nil, valueName: String? = nil,
        help: String, required: Bool = false, completion: Completion? = nil, hidden: Bool = false
    ) -> Self {
        let info = ArgumentInfo(kind: .option(repeating: false), name: name, short: short, valueName: valueName,
                                help: help, isRequired: required, completion: completion ?? .none, isHidden: hidden)
        let details = {
            ArgumentDetails(defaultText: required ? nil : Root()[keyPath: property()].argumentText, choices: Value.allArgumentValues)
        }
        return Self(content: .item(info, details: details, store: { root, text in root[keyPath: property()] = try parse(text) }))
    }

    /// `--name value` that may be left out (no default).
    public static func option<Value: ArgumentValue>(
        _ property: @autoclosure @escaping () -> WritableKeyPath<Root, Value?>, name: String, short: Character? = nil, valueName: String? = nil,
        help: String, completion: Completion? = nil, hidden: Bool = false
    ) -> Self {
        let info = ArgumentInfo(kind: .option(repeating: false), name: name, short: short, valueName: valueName,
                                help: help, completion: completion ?? .none, isHidden: hidden)
        return Self(content: .item(info, details: { ArgumentDetails(defaultText: nil, choices: Value.allArgumentValues) },
                                   store: { root, text in root[keyPath: property()] = try parse(text) as Value }))
    }

    /// `--name value` read by `parse`, which throws to refuse the text (its error's description is
    /// the reason shown).
    public static func option<Value>(
        _ property: @autoclosure @escaping () -> WritableKeyPath<Root, Value>, name: String, short: Character? = nil, valueName: String? = nil,
        help: String, required: Bool, parse: @escaping (String) throws -> Value
    ) -> Self {
        let info = ArgumentInfo(kind: .option(repeating: false), name: name, short: short, valueName: valueName,
                                help: help, isRequired: required)
        return Self(content: .item(info, details: { .none }, store: { root, text in
            do {
                root[keyPath: property()] = try parse(text ?? "")
            } catch {
                throw InvalidValue(reason: "\(error)")
            }
        }))
    }

    /// `--name`: sets the property to true.
    public static func flag(
        _ property: @autoclosure @escaping () -> WritableKeyPath<Root, Bool>, name: String, short: Character? = nil, help: String, hidden: Bool = false
    ) -> Self {
        let info = ArgumentInfo(kind: .flag, name: name, short: short, help: help, isHidden: hidden)
        return Self(content: .item(info, details: { .none }, store: { root, _ in root[keyPath: property()] = true }))
    }

    /// Every declaration of `Group`, filling the group's value in this one; the group validates
    /// itself before `Root` does.
    public static func group<Group: CommandArguments>(_ property: @autoclosure @escaping () -> WritableKeyPath<Root, Group>) -> Self {
        let members = Group.declarations.lifted(to: property)
        return Self(content: .group(members, validate: { root in try root[keyPath: property()].validate() }))
    }

    private static func parse<Value: ArgumentValue>(_ text: String?) throws -> Value {
        guard let text, let value = Value(argument: text) else { throw InvalidValue() }
        return value
    }
}

extension Declaration {
    /// This declaration, filling `Root` inside an `Outer` value.
    func lifted<Outer>(to path: @escaping () -> WritableKeyPath<Outer, Root>) -> Declaration<Outer> {
        switch content {
        case .item(let info, let details, let store):
            Declaration<Outer>(content: .item(info, details: details, store: { outer, text in try store(&outer[keyPath: path()], text) }))
        case .group(let members, let validate):
            Declaration<Outer>(content: .group(members.lifted(to: path),
                                               validate: { outer in try validate(&outer[keyPath: path()]) }))
        }
    }
}

extension Array {
    /// Each declaration lifted to `Outer`, by index (see Declaration.appendItems).
    func lifted<Root, Outer>(to path: @escaping () -> WritableKeyPath<Outer, Root>) -> [Declaration<Outer>]
    where Element == Declaration<Root> {
        var lifted: [Declaration<Outer>] = []
        lifted.reserveCapacity(count)
        var index = 0
        while index < count {
            lifted.append(self[index].lifted(to: path))
            index += 1
        }
        return lifted
    }
}
