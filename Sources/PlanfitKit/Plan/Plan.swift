/// A plan as planfit understands it: the exact source lines (so rendering gives the same bytes back)
/// plus the sections and tasks found in them. Everything that is not a heading or a task is kept
/// verbatim and otherwise ignored.
public struct Plan: Sendable, Equatable {
    /// The source split after each line terminator; joining them gives the source back byte for byte.
    public var lines: [String]
    public var sections: [PlanSection]
    public var tasks: [PlanTask]

    public init(lines: [String], sections: [PlanSection], tasks: [PlanTask]) {
        self.lines = lines
        self.sections = sections
        self.tasks = tasks
    }

    /// The plan's text: the lines joined, exactly as parsed.
    public func render() -> String { lines.joined() }

    public func tasks(in section: PlanSection) -> [PlanTask] {
        tasks.filter { $0.sectionIndex == section.index }
    }
}

/// A heading and the lines under it, up to the next heading of any level. Text before the first
/// heading forms an untitled section at index 0 only when it holds tasks.
public struct PlanSection: Sendable, Equatable {
    public var index: Int
    public var title: String
    /// 1-6 for `#`..`######`; 0 for the untitled top of the plan.
    public var level: Int
    public var line: Int
    /// The heading's own `(due ...)`, or the nearest enclosing heading's.
    public var due: Day?
    /// Titles of enclosing headings, outermost first, then this one: `Launch › Backend`.
    public var path: [String]

    public init(index: Int, title: String, level: Int, line: Int, due: Day?, path: [String]) {
        self.index = index
        self.title = title
        self.level = level
        self.line = line
        self.due = due
        self.path = path
    }
}

/// A list item that is a unit of work: its owners, estimate, required skills and role tags, due date
/// and dependencies, read from the conventions in docs/architecture.md.
public struct PlanTask: Sendable, Equatable {
    public var title: String
    public var owners: [String]
    public var estimate: Estimate?
    public var tags: [TaskTag]
    /// The task's own due date, else its section's.
    public var due: Day?
    /// Whether `due` was written on the task itself (not inherited from a heading).
    public var dueIsOwn: Bool
    public var dependencies: [String]
    /// 1-based line in the plan source.
    public var line: Int
    public var sectionIndex: Int
    /// The source line, without its terminator.
    public var text: String

    public init(title: String, owners: [String] = [], estimate: Estimate? = nil, tags: [TaskTag] = [],
                due: Day? = nil, dueIsOwn: Bool = false, dependencies: [String] = [], line: Int,
                sectionIndex: Int = 0, text: String = "") {
        self.title = title
        self.owners = owners
        self.estimate = estimate
        self.tags = tags
        self.due = due
        self.dueIsOwn = dueIsOwn
        self.dependencies = dependencies
        self.line = line
        self.sectionIndex = sectionIndex
        self.text = text
    }
}

/// `#tag` or `#skill:level` on a task.
public struct TaskTag: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String
    public var minimumLevel: SkillLevel?

    public init(name: String, minimumLevel: SkillLevel? = nil) {
        self.name = name
        self.minimumLevel = minimumLevel
    }

    public var description: String {
        minimumLevel.map { "\(name):\($0)" } ?? name
    }
}

/// `~3d`, `~4h`, `~2w`: an amount of work. Days and weeks become hours only against a profile.
public struct Estimate: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable { case hours = "h", days = "d", weeks = "w" }
    public var amount: Double
    public var unit: Unit

    /// The largest amount a plan may write, in any unit. Parsing stops there so hours stay far from the
    /// range where arithmetic on them loses meaning (100000w x 24h x 7 days is 1.7e7 hours per task).
    public static let maximumAmount = 100_000.0

    public init(amount: Double, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public func hours(hoursPerDay: Double, workdaysPerWeek: Int) -> Double {
        switch unit {
        case .hours: return amount
        case .days: return amount * hoursPerDay
        case .weeks: return amount * hoursPerDay * Double(workdaysPerWeek)
        }
    }

    public func hours(in profile: TeamProfile) -> Double {
        hours(hoursPerDay: profile.hoursPerDay, workdaysPerWeek: profile.workdays.count)
    }

    public var description: String { "~\(amount.formatted)\(unit.rawValue)" }
}
