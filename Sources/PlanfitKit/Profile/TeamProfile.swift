/// What a team can actually do: who is on it, their skills and hours, time off, roles and their
/// boundaries, norms and constraints. Loaded from YAML or JSON by `TeamProfileLoader`.
public struct TeamProfile: Sendable, Equatable {
    public var team: String
    /// The window capacity is counted in.
    public var horizon: DayRange
    /// Focus hours in a working day; turns `d` estimates into hours.
    public var hoursPerDay: Double
    public var workdays: WeekdaySet
    public var members: [Member]
    public var roles: [String: Role]
    public var norms: Norms
    public var constraints: [String]

    public init(team: String, horizon: DayRange, hoursPerDay: Double = 6,
                workdays: WeekdaySet = [.mon, .tue, .wed, .thu, .fri], members: [Member],
                roles: [String: Role] = [:], norms: Norms = Norms(), constraints: [String] = []) {
        self.team = team
        self.horizon = horizon
        self.hoursPerDay = hoursPerDay
        self.workdays = workdays
        self.members = members
        self.roles = roles
        self.norms = norms
        self.constraints = constraints
    }

    public func member(_ handle: String) -> Member? {
        members.first { $0.handle == handle }
    }

    /// Tags that name role responsibilities rather than skills: every tag in some role's `owns` or `not`.
    public var roleTags: Set<String> {
        Set(roles.values.flatMap { $0.owns + $0.not })
    }

    /// The WIP limit that applies to a member: their own, else the team norm.
    public func wipLimit(for member: Member) -> Int? {
        member.wipLimit ?? norms.wipLimit
    }

    /// Working hours in a week for a member who has no `hours_per_week`.
    public var defaultHoursPerWeek: Double { hoursPerDay * Double(workdays.count) }
}

public struct Member: Sendable, Equatable {
    public var handle: String
    public var name: String?
    public var role: String?
    public var hoursPerWeek: Double
    public var skills: [String: SkillLevel]
    public var timeOff: [DayRange]
    public var wipLimit: Int?
    /// Line of the member's entry in the profile file, for messages.
    public var line: Int

    public init(handle: String, name: String? = nil, role: String? = nil, hoursPerWeek: Double,
                skills: [String: SkillLevel] = [:], timeOff: [DayRange] = [], wipLimit: Int? = nil, line: Int = 0) {
        self.handle = handle
        self.name = name
        self.role = role
        self.hoursPerWeek = hoursPerWeek
        self.skills = skills
        self.timeOff = timeOff
        self.wipLimit = wipLimit
        self.line = line
    }

    public func isOff(on day: Day) -> Bool { timeOff.contains { $0.contains(day) } }
}

public enum SkillLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case basic = 1, working, strong, expert

    public init?(name: String) {
        switch name.lowercased() {
        case "basic", "1": self = .basic
        case "working", "2": self = .working
        case "strong", "3": self = .strong
        case "expert", "4": self = .expert
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .basic: return "basic"
        case .working: return "working"
        case .strong: return "strong"
        case .expert: return "expert"
        }
    }

    public static func < (lhs: SkillLevel, rhs: SkillLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

public struct Role: Sendable, Equatable {
    /// Tags this role answers for.
    public var owns: [String]
    /// Tags this role must not be given.
    public var not: [String]

    public init(owns: [String] = [], not: [String] = []) {
        self.owns = owns
        self.not = not
    }
}

/// Collaboration norms: a WIP limit the rules enforce, and free text the model must respect.
public struct Norms: Sendable, Equatable {
    public var wipLimit: Int?
    /// Named norms in file order (communication, feedback, review, ...).
    public var statements: [NamedText]

    public init(wipLimit: Int? = nil, statements: [NamedText] = []) {
        self.wipLimit = wipLimit
        self.statements = statements
    }
}

public struct NamedText: Sendable, Equatable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}
