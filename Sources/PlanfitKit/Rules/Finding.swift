/// How much a finding matters. Errors make `planfit check` exit 1.
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case error, warning, info

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The rules in README.md's table, by id.
public enum RuleID: String, Sendable, CaseIterable, Codable {
    case unknownOwner = "unknown-owner"
    case missingSkill = "missing-skill"
    case skillGap = "skill-gap"
    case overload
    case deadline
    case roleBoundary = "role-boundary"
    case wipLimit = "wip-limit"
    case unassigned
    case noEstimate = "no-estimate"
    case singleExpert = "single-expert"
    case unknownDependency = "unknown-dependency"
    case dependencyCycle = "dependency-cycle"
    // Accountability: found by comparing an adapted plan with the changes listed for it (`ChangeLedger`),
    // never by `check`, which sees one plan.
    case unlistedChange = "unlisted-change"
    case phantomChange = "phantom-change"
    case estimateCut = "estimate-cut"

    /// The rules `check` runs on one plan.
    public static let planRules: [RuleID] = [.unknownOwner, .missingSkill, .skillGap, .overload, .deadline, .roleBoundary,
                                             .wipLimit, .unassigned, .noEstimate, .singleExpert, .unknownDependency, .dependencyCycle]

    public var severity: Severity {
        switch self {
        case .unknownOwner, .missingSkill, .overload, .deadline, .roleBoundary, .dependencyCycle: return .error
        case .unlistedChange, .phantomChange, .estimateCut: return .error
        case .skillGap, .wipLimit, .unassigned, .unknownDependency: return .warning
        case .noEstimate, .singleExpert: return .info
        }
    }
}

/// One thing the plan asks that the team cannot do as written.
public struct Finding: Sendable, Equatable, Hashable, Codable {
    public var rule: RuleID
    public var severity: Severity
    /// Names the task, the member and the numbers.
    public var message: String
    /// Plan line the finding is about; nil for findings about the whole plan.
    public var line: Int?
    public var member: String?
    public var task: String?

    public init(rule: RuleID, message: String, line: Int?, member: String? = nil, task: String? = nil) {
        self.rule = rule
        self.severity = rule.severity
        self.message = message
        self.line = line
        self.member = member
        self.task = task
    }
}

/// A member's assigned hours against the hours they have inside the horizon.
public struct MemberLoad: Sendable, Equatable, Codable {
    public var member: String
    public var assignedHours: Double
    public var availableHours: Double

    public init(member: String, assignedHours: Double, availableHours: Double) {
        self.member = member
        self.assignedHours = assignedHours
        self.availableHours = availableHours
    }
}

/// Everything `check` found: the findings (errors first, then by line) and the load table.
public struct CheckResult: Sendable, Equatable {
    public var findings: [Finding]
    public var load: [MemberLoad]

    public init(findings: [Finding], load: [MemberLoad]) {
        self.findings = findings
        self.load = load
    }

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    public func count(_ rule: RuleID) -> Int { findings.filter { $0.rule == rule }.count }
}
