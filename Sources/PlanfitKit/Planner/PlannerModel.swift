/// The plan and profile reduced to indices and numbers, with one assignment (owners and due date per
/// task) that the planner changes and scores quickly.
///
/// It mirrors `RuleEngine`'s arithmetic exactly — the same shares, summed in the same task order, with
/// the same 1e-9 tolerance — so the planner's counts equal what `check` reports on the edited plan.
/// `PlannerTests` cross-checks the two on random instances; change them together.
struct PlannerModel: Sendable {
    /// What one task asks, and who may take it.
    struct TaskInfo: Sendable {
        var hours: Double?
        var owners: [Int]
        var due: Int?
        var section: Int
        /// Per member: role-boundary findings if this member owns the task.
        var roleErrors: [Int]
        /// Per member: skill-gap findings if this member owns the task.
        var skillWarnings: [Int]
        /// Per member: has every required skill at its level and no role bars the task's tags.
        var mayReceive: [Bool]
        var options: [TaskOption]
    }

    /// One way to leave a task: as it is (index 0) or with one move applied.
    struct TaskOption: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case keep
            /// `slot` is the owner replaced; nil replaces every owner.
            case reassign(slot: Int?, to: Int)
            case assign(to: Int)
            case addOwner(Int)
            case moveDue
            case deferPastHorizon
        }
        var kind: Kind
        var owners: [Int]
        var due: Int?
        /// Members who get work they did not have.
        var receivers: [Int]
        var movesDue: Bool
    }

    let profile: TeamProfile
    let memberCount: Int
    /// Handles that are not members (unknown owners), indexed from `memberCount` on.
    let ghosts: [String]
    /// Every date the plan uses or the planner may write, ascending.
    let dates: [Day]
    /// Whether `dates[i]` is inside the horizon (deadline and overload count only those).
    let inHorizon: [Bool]
    let available: [Double]
    /// `availableBy[m][d]`: member m's hours from the horizon start through `dates[d]`.
    let availableBy: [[Double]]
    let wipLimits: [Int?]
    var tasks: [TaskInfo]
    /// missing-skill and dependency-cycle findings: no assignment changes them.
    let fixedErrors: Int
    /// unknown-dependency findings: no assignment changes them either.
    let fixedWarnings: Int
    /// Tasks carrying a skill nobody has, by tag, for the open questions.
    let missingSkills: [(tag: TaskTag, tasks: [Int])]

    init(plan: Plan, profile: TeamProfile) {
        self.profile = profile
        let members = profile.members
        memberCount = members.count
        let capacity = Capacity(profile: profile)
        var ghostNames: [String] = []
        func ownerIndex(_ handle: String) -> Int {
            if let m = members.firstIndex(where: { $0.handle == handle }) { return m }
            if let g = ghostNames.firstIndex(of: handle) { return members.count + g }
            ghostNames.append(handle)
            return members.count + ghostNames.count - 1
        }
        let owners = plan.tasks.map { $0.owners.map(ownerIndex) }
        ghosts = ghostNames

        let horizonEnd = profile.horizon.end
        var deferDay = horizonEnd.adding(days: 1)
        while !profile.workdays.contains(deferDay.weekday), deferDay < horizonEnd.adding(days: 8) { deferDay = deferDay.adding(days: 1) }
        var allDates = Set(plan.tasks.compactMap(\.due))
        allDates.insert(horizonEnd)
        allDates.insert(deferDay)
        let sortedDates = allDates.sorted()
        dates = sortedDates
        inHorizon = sortedDates.map { $0 <= horizonEnd }
        available = members.map { capacity.availableHours($0) }
        availableBy = members.map { m in sortedDates.map { capacity.availableHours(m, from: profile.horizon.start, through: $0) } }
        wipLimits = members.map { profile.wipLimit(for: $0) }

        let roleTags = profile.roleTags
        var fixed = 0
        var missing: [String: (tag: TaskTag, tasks: [Int])] = [:]
        var missingOrder: [String] = []
        var infos: [TaskInfo] = []
        let dateIndex = Dictionary(uniqueKeysWithValues: sortedDates.enumerated().map { ($1, $0) })
        for (t, task) in plan.tasks.enumerated() {
            var roleErrors = [Int](repeating: 0, count: members.count)
            var skillWarnings = [Int](repeating: 0, count: members.count)
            var mayReceive = [Bool](repeating: true, count: members.count)
            for tag in task.tags where !roleTags.contains(tag.name) {
                let required = tag.minimumLevel ?? .basic
                let holders = members.filter { ($0.skills[tag.name] ?? .basic) >= required && $0.skills[tag.name] != nil }
                if holders.isEmpty {
                    fixed += 1
                    if missing[tag.name] == nil { missingOrder.append(tag.name); missing[tag.name] = (tag, []) }
                    missing[tag.name]!.tasks.append(t)
                }
                for (m, member) in members.enumerated() {
                    let has = member.skills[tag.name]
                    let lacks = has == nil || has! < required
                    if lacks { mayReceive[m] = false }
                    if lacks && !holders.isEmpty { skillWarnings[m] += 1 }
                }
            }
            for (m, member) in members.enumerated() {
                guard let roleName = member.role, let role = profile.roles[roleName] else { continue }
                let barred = task.tags.filter { role.not.contains($0.name) }.count
                roleErrors[m] = barred
                if barred > 0 { mayReceive[m] = false }
            }
            infos.append(TaskInfo(hours: task.estimate?.hours(in: profile), owners: owners[t], due: task.due.flatMap { dateIndex[$0] },
                                  section: task.sectionIndex, roleErrors: roleErrors, skillWarnings: skillWarnings,
                                  mayReceive: mayReceive, options: []))
        }
        let dependencies = RuleEngine(profile: profile).dependencyFindings(plan)
        fixedErrors = fixed + dependencies.filter { $0.severity == .error }.count
        fixedWarnings = dependencies.filter { $0.severity == .warning }.count
        missingSkills = missingOrder.map { missing[$0]! }
        let deferIndex = dateIndex[deferDay]!
        let horizonEndIndex = dateIndex[horizonEnd]!
        let planDueIndices = Set(plan.tasks.compactMap { $0.due.flatMap { dateIndex[$0] } })
        for t in infos.indices {
            infos[t].options = Self.options(for: infos[t], memberCount: members.count, deferIndex: deferIndex,
                                            horizonEndIndex: horizonEndIndex, planDueIndices: planDueIndices)
        }
        tasks = infos
    }

    /// Every move the planner may make on one task, in a fixed order (the order breaks ties).
    static func options(for task: TaskInfo, memberCount: Int, deferIndex: Int, horizonEndIndex: Int,
                        planDueIndices: Set<Int>) -> [TaskOption] {
        var options = [TaskOption(kind: .keep, owners: task.owners, due: task.due, receivers: [], movesDue: false)]
        let candidates = (0..<memberCount).filter { task.mayReceive[$0] }
        if task.owners.isEmpty {
            for m in candidates {
                options.append(TaskOption(kind: .assign(to: m), owners: [m], due: task.due, receivers: [m], movesDue: false))
            }
        } else {
            for slot in task.owners.indices {
                for m in candidates where !task.owners.contains(m) {
                    var owners = task.owners
                    owners[slot] = m
                    options.append(TaskOption(kind: .reassign(slot: slot, to: m), owners: owners, due: task.due, receivers: [m], movesDue: false))
                }
            }
            if task.owners.count > 1 {
                for m in candidates {
                    options.append(TaskOption(kind: .reassign(slot: nil, to: m), owners: [m], due: task.due,
                                              receivers: task.owners.contains(m) ? [] : [m], movesDue: false))
                }
            }
            if task.hours != nil {
                for m in candidates where !task.owners.contains(m) {
                    options.append(TaskOption(kind: .addOwner(m), owners: task.owners + [m], due: task.due, receivers: [m], movesDue: false))
                }
            }
        }
        // Dates only matter to work that is estimated and owned.
        guard task.hours != nil, !task.owners.isEmpty else { return options }
        if let due = task.due, due <= horizonEndIndex {
            for d in planDueIndices.union([horizonEndIndex]).sorted() where d > due && d <= horizonEndIndex {
                options.append(TaskOption(kind: .moveDue, owners: task.owners, due: d, receivers: [], movesDue: true))
            }
        }
        if task.due.map({ $0 <= horizonEndIndex }) ?? true {
            options.append(TaskOption(kind: .deferPastHorizon, owners: task.owners, due: deferIndex, receivers: [], movesDue: true))
        }
        return options
    }

    /// Findings one member has under an assignment: overload and deadline errors, WIP warnings, and
    /// the hours inside the horizon (for the evenness of the load).
    struct MemberStanding: Sendable, Equatable {
        var overloaded: Bool
        var deadlineDates: [Int]
        var wipSections: [Int]
        var load: Double

        var errors: Int { (overloaded ? 1 : 0) + deadlineDates.count }
        var warnings: Int { wipSections.count }
        var hasCapacityFinding: Bool { overloaded || !deadlineDates.isEmpty || !wipSections.isEmpty }
    }

    /// `owned` must be ascending task indices: sums run in plan order, as in `RuleEngine`.
    func standing(of m: Int, owned: [Int], owners: [[Int]], due: [Int?]) -> MemberStanding {
        var load = 0.0
        var dueDates: [Int] = []
        for t in owned {
            guard let hours = tasks[t].hours else { continue }
            let share = hours / Double(owners[t].count)
            if let d = due[t] {
                if inHorizon[d] { load += share }
                if !dueDates.contains(d) { dueDates.append(d) }
            } else {
                load += share
            }
        }
        var failing: [Int] = []
        for date in dueDates.sorted() where inHorizon[date] {
            var sum = 0.0
            for t in owned {
                guard let hours = tasks[t].hours, let d = due[t], d <= date else { continue }
                sum += hours / Double(owners[t].count)
            }
            if sum > availableBy[m][date] + 1e-9 { failing.append(date) }
        }
        // Called for every move the search tries: counted in a small array (a member owns a handful of
        // tasks in a handful of sections), not a dictionary, which allocated on every call.
        var wip: [Int] = []
        if let limit = wipLimits[m], owned.count > limit {
            var counts: [(section: Int, count: Int)] = []
            for t in owned {
                if let i = counts.firstIndex(where: { $0.section == tasks[t].section }) {
                    counts[i].count += 1
                } else {
                    counts.append((tasks[t].section, 1))
                }
            }
            wip = counts.filter { $0.count > limit }.map(\.section).sorted()
        }
        return MemberStanding(overloaded: load > available[m] + 1e-9, deadlineDates: failing, wipSections: wip, load: load)
    }

    /// Findings on the task itself for a set of owners: unknown owners and role breaks (errors), skill
    /// gaps and no owner (warnings).
    func localFindings(_ t: Int, owners: [Int]) -> (errors: Int, warnings: Int) {
        var errors = 0, warnings = owners.isEmpty ? 1 : 0
        for o in owners {
            if o >= memberCount { errors += 1; continue }
            errors += tasks[t].roleErrors[o]
            warnings += tasks[t].skillWarnings[o]
        }
        return (errors, warnings)
    }
}
