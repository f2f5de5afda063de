/// One change the planner makes to one task, with the facts that justify it. Applied to the Markdown by
/// `PlanEditor`, which touches only the task line's owners or due date.
public struct PlanMove: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Another member takes the task (from one owner, or from all of them).
        case reassign
        /// A task with no owner gets one.
        case assign
        /// A second owner shares the effort (the estimate splits equally).
        case addOwner = "add-owner"
        /// The task's due date moves later inside the horizon: the leader must agree to it.
        case moveDue = "move-due"
        /// The task moves past the horizon: the leader must agree to it.
        case deferTask = "defer"
    }

    public var kind: Kind
    /// The task's title and 1-based line in the original plan.
    public var task: String
    public var line: Int
    public var ownersBefore: [String]
    public var ownersAfter: [String]
    public var dueBefore: Day?
    public var dueAfter: Day?
    /// Why, from the facts: hours, time off, skills, roles, WIP limits.
    public var reason: String
    /// The rules whose findings on this task (or its owners) the move removes.
    public var fixes: [RuleID]

    public init(kind: Kind, task: String, line: Int, ownersBefore: [String], ownersAfter: [String], dueBefore: Day?,
                dueAfter: Day?, reason: String, fixes: [RuleID]) {
        self.kind = kind
        self.task = task
        self.line = line
        self.ownersBefore = ownersBefore
        self.ownersAfter = ownersAfter
        self.dueBefore = dueBefore
        self.dueAfter = dueAfter
        self.reason = reason
        self.fixes = fixes
    }

    /// Due-date moves and deferrals change a commitment: the leader decides those.
    public var needsApproval: Bool { kind == .moveDue || kind == .deferTask }

    /// "@ana -> @chidi", "due 2026-12-18 -> 2027-01-15".
    public var summary: String {
        switch kind {
        case .reassign, .assign, .addOwner:
            return "\(Self.owners(ownersBefore)) -> \(Self.owners(ownersAfter))"
        case .moveDue, .deferTask:
            return "due \(dueBefore?.description ?? "none") -> \(dueAfter?.description ?? "none")"
        }
    }

    static func owners(_ handles: [String]) -> String {
        handles.isEmpty ? "no owner" : handles.map { "@\($0)" }.joined(separator: " ")
    }
}

extension Day: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
