/// A type a command-line value can be read as: `--jobs 4` is an `Int`, `--format json` one case of
/// an enumeration.
///
/// The conversions are static protocol requirements rather than casts at run time, so reading a command
/// line costs no reflection and no protocol-conformance search (see docs/architecture.md, "Start-up").
public protocol ArgumentValue {
    /// The value the text names, or nil when it names none.
    init?(argument: String)

    /// Every value a user may give, for help, completion and error messages; empty when any text goes.
    static var allArgumentValues: [String] { get }

    /// How the value is written on a command line: the default shown in help.
    var argumentText: String { get }
}

extension ArgumentValue {
    public static var allArgumentValues: [String] { [] }
}

extension ArgumentValue where Self: RawRepresentable, RawValue == String {
    public init?(argument: String) { self.init(rawValue: argument) }
    public var argumentText: String { rawValue }
}

extension ArgumentValue where Self: RawRepresentable, RawValue == String, Self: CaseIterable {
    public static var allArgumentValues: [String] { allCases.map(\.rawValue) }
}

extension String: ArgumentValue {
    public init?(argument: String) { self = argument }
    public var argumentText: String { self }
}

extension Int: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public var argumentText: String { String(self) }
}

extension Double: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
    public var argumentText: String { "\(self)" }
}
