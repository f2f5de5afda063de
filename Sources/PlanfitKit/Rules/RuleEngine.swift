/// Runs every rule in README.md's table over a plan and a profile. Pure and deterministic: the same
/// inputs give the same findings in the same order, which the cache and the tests rely on.
public struct RuleEngine: Sendable {
    public let profile: TeamProfile
    let capacity: Capacity

    public init(profile: TeamProfile) {
        self.profile = profile
        self.capacity = Capacity(profile: profile)
    }

    public func check(_ plan: Plan) -> CheckResult {
        var findings: [Finding] = []
        findings += ownerFindings(plan)
        findings += skillFindings(plan)
        findings += roleBoundaryFindings(plan)
        findings += overloadFindings(plan)
        findings += deadlineFindings(plan)
        findings += wipFindings(plan)
        findings += singleExpertFindings(plan)
        findings += dependencyFindings(plan)
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity < b.severity }
            if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
            if a.rule != b.rule { return a.rule.rawValue < b.rule.rawValue }
            return a.message < b.message
        }
        return CheckResult(findings: findings, load: load(plan))
    }

    /// Assigned vs available hours for every member, in profile order.
    public func load(_ plan: Plan) -> [MemberLoad] {
        profile.members.map { member in
            MemberLoad(member: member.handle, assignedHours: assignedHours(member.handle, plan, dueBy: nil),
                       availableHours: capacity.availableHours(member))
        }
    }

    /// Hours assigned to a member inside the horizon (tasks due after the horizon ends fall outside it);
    /// with `dueBy`, only tasks due on or before that day.
    func assignedHours(_ handle: String, _ plan: Plan, dueBy: Day?) -> Double {
        plan.tasks.reduce(0) { total, task in
            guard task.owners.contains(handle), let share = capacity.share(of: task) else { return total }
            if let dueBy {
                guard let due = task.due, due <= dueBy else { return total }
            } else if let due = task.due, due > profile.horizon.end {
                return total
            }
            return total + share
        }
    }

    func quoted(_ task: PlanTask) -> String { "'\(task.title.isEmpty ? task.text.trimmingSpaces() : task.title)'" }

    func ownerFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        let handles = profile.members.map(\.handle)
        for task in plan.tasks {
            if task.owners.isEmpty {
                findings.append(Finding(rule: .unassigned, message: "\(quoted(task)) has no owner; add @handle",
                                        line: task.line, task: task.title))
            }
            if task.estimate == nil {
                findings.append(Finding(rule: .noEstimate,
                                        message: "\(quoted(task)) has no estimate (~4h, ~3d, ~1w), so capacity cannot count it",
                                        line: task.line, task: task.title))
            }
            for owner in task.owners where profile.member(owner) == nil {
                let hint = NameSuggestion.nearest(owner, among: handles).map { "; did you mean @\($0)?" }
                    ?? "; members are \(handles.map { "@\($0)" }.joined(separator: ", "))"
                findings.append(Finding(rule: .unknownOwner, message: "\(quoted(task)) is assigned to @\(owner), who is not on the team\(hint)",
                                        line: task.line, member: owner, task: task.title))
            }
        }
        return findings
    }

    func skillFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        let roleTags = profile.roleTags
        for task in plan.tasks {
            for tag in task.tags where !roleTags.contains(tag.name) {
                let required = tag.minimumLevel ?? .basic
                let holders = profile.members.filter { ($0.skills[tag.name] ?? .basic) >= required && $0.skills[tag.name] != nil }
                if holders.isEmpty {
                    let having = profile.members.compactMap { m in m.skills[tag.name].map { "\(m.handle): \($0)" } }
                    let detail = having.isEmpty ? "no member has \(tag.name)" : "nobody has \(tag.name) at \(required) or above (\(having.joined(separator: ", ")))"
                    findings.append(Finding(rule: .missingSkill,
                                            message: "\(quoted(task)) needs #\(tag), but \(detail); add the skill to a member, hire or train, or drop the requirement",
                                            line: task.line, task: task.title))
                    continue
                }
                for owner in task.owners {
                    guard let member = profile.member(owner) else { continue }
                    let has = member.skills[tag.name]
                    if has == nil || has! < required {
                        let what = has.map { "has \(tag.name) at \($0), below \(required)" } ?? "does not have \(tag.name)"
                        let who = holders.map { "@\($0.handle)" }.joined(separator: ", ")
                        findings.append(Finding(rule: .skillGap,
                                                message: "\(owner) \(what), which \(quoted(task)) needs; \(who) \(holders.count == 1 ? "has" : "have") it",
                                                line: task.line, member: owner, task: task.title))
                    }
                }
            }
        }
        return findings
    }

    func roleBoundaryFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        for task in plan.tasks {
            for owner in task.owners {
                guard let member = profile.member(owner), let roleName = member.role, let role = profile.roles[roleName] else { continue }
                for tag in task.tags where role.not.contains(tag.name) {
                    let owners = profile.roles.filter { $0.value.owns.contains(tag.name) }.map(\.key).sorted()
                    let hint = owners.isEmpty ? "" : "; #\(tag.name) belongs to \(owners.joined(separator: ", "))"
                    findings.append(Finding(rule: .roleBoundary,
                                            message: "\(owner) is \(roleName), which must not take #\(tag.name) work (\(quoted(task)))\(hint)",
                                            line: task.line, member: owner, task: task.title))
                }
            }
        }
        return findings
    }

    func overloadFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        for member in profile.members {
            let assigned = assignedHours(member.handle, plan, dueBy: nil)
            let available = capacity.availableHours(member)
            guard assigned > available + 1e-9 else { continue }
            let firstTask = plan.tasks.first { $0.owners.contains(member.handle) }
            var detail = "\(member.hoursPerWeek.formatted)h/week"
            let off = capacity.timeOff(member, from: profile.horizon.start, through: profile.horizon.end)
            if !off.isEmpty { detail += ", time off \(off.map(\.shortDescription).joined(separator: ", "))" }
            findings.append(Finding(rule: .overload,
                                    message: "\(member.handle): \(assigned.formatted)h assigned in the horizon \(profile.horizon), \(available.formatted)h available (\(detail)); over by \((assigned - available).formatted)h",
                                    line: firstTask?.line, member: member.handle, task: nil))
        }
        return findings
    }

    func deadlineFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        for member in profile.members {
            // Dates after the horizon are outside the window capacity is counted in, as for overload:
            // work deferred past the horizon is judged in the next one.
            let dueDates = Set(plan.tasks.filter { $0.owners.contains(member.handle) && $0.estimate != nil }.compactMap(\.due)).sorted()
            for date in dueDates where date <= profile.horizon.end {
                let due = assignedHours(member.handle, plan, dueBy: date)
                let available = capacity.availableHours(member, from: profile.horizon.start, through: date)
                guard due > available + 1e-9 else { continue }
                let tasksDue = plan.tasks.filter { $0.owners.contains(member.handle) && $0.due == date }
                var detail = ""
                let off = capacity.timeOff(member, from: profile.horizon.start, through: date)
                if !off.isEmpty { detail = " (time off \(off.map(\.shortDescription).joined(separator: ", ")))" }
                if date < profile.horizon.start { detail = " (the date is before the horizon starts on \(profile.horizon.start))" }
                let task = tasksDue.first
                findings.append(Finding(rule: .deadline,
                                        message: "\(member.handle): \(due.formatted)h due by \(date), \(available.formatted)h available\(detail)",
                                        line: task?.line, member: member.handle, task: task?.title))
            }
        }
        return findings
    }

    func wipFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        for member in profile.members {
            guard let limit = profile.wipLimit(for: member) else { continue }
            for section in plan.sections {
                let owned = plan.tasks(in: section).filter { $0.owners.contains(member.handle) }
                guard owned.count > limit else { continue }
                let name = section.title.isEmpty ? "the top of the plan" : "'\(section.title)'"
                findings.append(Finding(rule: .wipLimit,
                                        message: "\(member.handle) owns \(owned.count) tasks in \(name), above their WIP limit of \(limit)",
                                        line: owned[limit].line, member: member.handle, task: nil))
            }
        }
        return findings
    }

    func singleExpertFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        let roleTags = profile.roleTags
        var seen: Set<String> = []
        for task in plan.tasks {
            for tag in task.tags where !roleTags.contains(tag.name) && seen.insert(tag.name).inserted {
                let holders = profile.members.filter { $0.skills[tag.name] != nil }
                guard holders.count == 1 else { continue }
                let count = plan.tasks.filter { $0.tags.contains { $0.name == tag.name } }.count
                findings.append(Finding(rule: .singleExpert,
                                        message: "only \(holders[0].handle) has \(tag.name), which \(count) task\(count == 1 ? "" : "s") need\(count == 1 ? "s" : ""); a second person would remove the bottleneck",
                                        line: task.line, member: holders[0].handle, task: nil))
            }
        }
        return findings
    }

    /// `after:` that names no task (with the nearest title suggested), and tasks that wait for each other
    /// in a cycle, so none of them can start. Neither depends on owners or dates.
    func dependencyFindings(_ plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        var byTitle: [String: Int] = [:]
        for (i, task) in plan.tasks.enumerated() {
            let title = TitleSimilarity.normalise(task.title)
            if byTitle[title] == nil { byTitle[title] = i }
        }
        var edges = [[Int]](repeating: [], count: plan.tasks.count)
        for (i, task) in plan.tasks.enumerated() {
            for dependency in task.dependencies {
                if let j = byTitle[TitleSimilarity.normalise(dependency)] {
                    edges[i].append(j)
                    continue
                }
                let tokens = TitleSimilarity.tokens(dependency)
                let nearest = plan.tasks.enumerated().filter { $0.offset != i }
                    .map { (task: $0.element, score: TitleSimilarity.score(tokens, TitleSimilarity.tokens($0.element.title))) }
                    .max { $0.score < $1.score }
                let hint = nearest.flatMap { $0.score >= TaskDiff.matchThreshold ? "; did you mean '\($0.task.title)' (line \($0.task.line))?" : nil }
                    ?? "; write the title of the task it waits for exactly as that task's line says it"
                findings.append(Finding(rule: .unknownDependency,
                                        message: "\(quoted(task)) comes after '\(dependency)', but no task has that title\(hint)",
                                        line: task.line, task: task.title))
            }
        }
        for cycle in Self.cycles(edges) {
            let names = cycle.map { "'\(plan.tasks[$0].title)' (line \(plan.tasks[$0].line))" }
            let first = plan.tasks[cycle[0]]
            let what = cycle.count == 1 ? "\(names[0]) comes after itself" : "\(names.joined(separator: ", ")) wait for each other"
            findings.append(Finding(rule: .dependencyCycle,
                                    message: "\(what), so none of them can start; remove one of their after: links",
                                    line: first.line, task: first.title))
        }
        return findings
    }

    /// Strongly connected components with a cycle (more than one task, or a task after itself), each
    /// in plan order; Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
    static func cycles(_ edges: [[Int]]) -> [[Int]] {
        let n = edges.count
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], result: [[Int]] = [], counter = 0
        for root in 0..<n where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, edge) = work.last {
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let next = edges[node][edge]
                    if index[next] < 0 {
                        index[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], index[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                guard low[node] == index[node] else { continue }
                var component: [Int] = []
                while let top = stack.popLast() {
                    onStack[top] = false
                    component.append(top)
                    if top == node { break }
                }
                if component.count > 1 || edges[node].contains(node) { result.append(component.sorted()) }
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }
}
