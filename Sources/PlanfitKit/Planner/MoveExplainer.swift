/// Turns the planner's chosen options into `PlanMove`s whose reasons are built from the facts (hours,
/// time off, skills, roles, WIP limits), and the findings left into open questions with what would fix
/// them. Pure: the model, the original assignment and the final one in, text out.
struct MoveExplainer {
    let model: PlannerModel
    let plan: Plan
    let before: PlannerSearch
    let after: PlannerSearch

    var members: [Member] { model.profile.members }
    var capacity: Capacity { Capacity(profile: model.profile) }

    func name(_ owner: Int) -> String {
        owner < model.memberCount ? members[owner].handle : model.ghosts[owner - model.memberCount]
    }

    func hours(_ h: Double) -> String { "\(h.formatted)h" }

    func move(task t: Int, option o: Int) -> PlanMove {
        let task = plan.tasks[t]
        let info = model.tasks[t]
        let option = info.options[o]
        let kind: PlanMove.Kind
        switch option.kind {
        case .keep, .reassign: kind = .reassign
        case .assign: kind = .assign
        case .addOwner: kind = .addOwner
        case .moveDue: kind = .moveDue
        case .deferPastHorizon: kind = .deferTask
        }
        let problems = self.problems(of: t, in: before, owners: info.owners)
        let remaining = Set(self.problems(of: t, in: after, owners: info.owners).map(\.text))
        var why = problems.map(\.text)
        var facts: [String] = []
        for r in option.receivers {
            let member = members[r]
            var skills = task.tags.compactMap { tag in member.skills[tag.name].map { "\(tag.name) (\($0))" } }
            if let role = member.role, let owns = model.profile.roles[role]?.owns {
                skills += task.tags.filter { owns.contains($0.name) }.map { "the \(role) role, which owns #\($0.name)" }
            }
            let free = model.available[r] - after.memberStanding(r).load
            let has = skills.isEmpty ? "" : "\(skills.joined(separator: ", ")), and "
            facts.append("\(member.handle) has \(has)\(hours(free)) free after the move (\(hours(after.memberStanding(r).load)) of \(hours(model.available[r])))")
        }
        let share = info.hours.map { hours($0) } ?? "unestimated"
        switch option.kind {
        case .moveDue:
            let d = model.dates[option.due!]
            for o in option.owners where o < model.memberCount {
                let due = dueSum(o, by: option.due!, in: after)
                facts.append("by \(d) \(members[o].handle) has \(hours(model.availableBy[o][option.due!])) for \(hours(due)) due; the new date needs the leader's agreement")
            }
        case .deferPastHorizon:
            facts.append("deferred past the horizon (due \(model.dates[option.due!])): its \(share) leave this window; the leader must agree")
        case .addOwner:
            facts.append("the \(share) split between \(option.owners.map(name).map { "@\($0)" }.joined(separator: " and "))")
        default: break
        }
        if why.isEmpty { why = ["it makes room for another move"] }
        let reason = (why + facts).joined(separator: "; ")
        let fixes = problems.filter { !remaining.contains($0.text) }.map(\.rule)
        var unique: [RuleID] = []
        for rule in fixes where !unique.contains(rule) { unique.append(rule) }
        return PlanMove(kind: kind, task: task.title, line: task.line, ownersBefore: info.owners.map(name),
                        ownersAfter: option.owners.map(name), dueBefore: info.due.map { model.dates[$0] },
                        dueAfter: option.due.map { model.dates[$0] }, reason: reason, fixes: unique)
    }

    /// The findings a task counts in under an assignment, as facts: its own, and its owners' limits.
    func problems(of t: Int, in state: PlannerSearch, owners: [Int]) -> [(rule: RuleID, text: String)] {
        let task = plan.tasks[t]
        let info = model.tasks[t]
        var out: [(RuleID, String)] = []
        let current = state.owners[t]
        if current.isEmpty { out.append((.unassigned, "it has no owner")) }
        for o in current {
            if o >= model.memberCount { out.append((.unknownOwner, "@\(name(o)) is not on the team")); continue }
            let member = members[o]
            if info.roleErrors[o] > 0, let role = member.role, let not = model.profile.roles[role]?.not {
                let barred = task.tags.filter { not.contains($0.name) }.map { "#\($0.name)" }.joined(separator: ", ")
                out.append((.roleBoundary, "\(member.handle) is \(role), which must not take \(barred) work"))
            }
            if info.skillWarnings[o] > 0 {
                let gaps = task.tags.filter { tag in
                    !model.profile.roleTags.contains(tag.name) && (member.skills[tag.name].map { $0 < (tag.minimumLevel ?? .basic) } ?? true)
                }.map { tag in member.skills[tag.name].map { "\(tag.name) at \($0), below \(tag.minimumLevel ?? .basic)" } ?? "no \(tag.name)" }
                out.append((.skillGap, "\(member.handle) has \(gaps.joined(separator: ", "))"))
            }
        }
        for o in owners where o < model.memberCount {
            let s = state.memberStanding(o)
            let handle = members[o].handle
            let counted = info.hours != nil
            if s.overloaded, counted, state.due[t].map({ model.inHorizon[$0] }) ?? true {
                out.append((.overload, "\(handle): \(hours(s.load)) assigned, \(hours(model.available[o])) available (over by \(hours(s.load - model.available[o])))"))
            }
            for d in s.deadlineDates where counted && (state.due[t].map { $0 <= d } ?? false) {
                var text = "\(handle): \(hours(dueSum(o, by: d, in: state))) due by \(model.dates[d]), \(hours(model.availableBy[o][d])) available"
                let off = capacity.timeOff(members[o], from: model.profile.horizon.start, through: model.dates[d])
                if !off.isEmpty { text += " (time off \(off.map(\.shortDescription).joined(separator: ", ")))" }
                out.append((.deadline, text))
            }
            if s.wipSections.contains(info.section), let limit = model.wipLimits[o] {
                let count = plan.tasks.indices.filter { state.owners[$0].contains(o) && model.tasks[$0].section == info.section }.count
                out.append((.wipLimit, "\(handle) owns \(count) tasks in '\(sectionTitle(info.section))', above their WIP limit of \(limit)"))
            }
        }
        return out
    }

    func sectionTitle(_ index: Int) -> String {
        plan.sections.first { $0.index == index }.map { $0.title.isEmpty ? "the top of the plan" : $0.title } ?? ""
    }

    func dueSum(_ m: Int, by d: Int, in state: PlannerSearch) -> Double {
        var sum = 0.0
        for t in plan.tasks.indices where state.owners[t].contains(m) {
            guard let h = model.tasks[t].hours, let due = state.due[t], due <= d else { continue }
            sum += h / Double(state.owners[t].count)
        }
        return sum
    }

    /// Every error finding the final assignment still has, as a question with what would fix it.
    func openQuestions() -> [OpenQuestion] {
        var questions: [OpenQuestion] = []
        for missing in model.missingSkills {
            let titles = missing.tasks.map { "'\(plan.tasks[$0].title)'" }.joined(separator: ", ")
            let holders = members.compactMap { m in m.skills[missing.tag.name].map { "\(m.handle) has it at \($0)" } }
            let level = missing.tag.minimumLevel.map { " at \($0) or above" } ?? ""
            questions.append(OpenQuestion(
                rule: .missingSkill,
                question: "Nobody has \(missing.tag.name)\(level)\(holders.isEmpty ? "" : " (\(holders.joined(separator: ", ")))"), which \(titles) need\(missing.tasks.count == 1 ? "s" : ""): train or hire for \(missing.tag.name), or drop the requirement.",
                lines: missing.tasks.map { plan.tasks[$0].line }))
        }
        for t in plan.tasks.indices {
            let task = plan.tasks[t]
            for o in after.owners[t] where o >= model.memberCount {
                questions.append(OpenQuestion(rule: .unknownOwner,
                                              question: "@\(name(o)) is not on the team and no member can take '\(task.title)' within their skills, role and hours: add \(name(o)) to the profile, or free someone who can.",
                                              lines: [task.line]))
            }
            for o in after.owners[t] where o < model.memberCount && model.tasks[t].roleErrors[o] > 0 {
                let role = members[o].role ?? ""
                questions.append(OpenQuestion(rule: .roleBoundary,
                                              question: "'\(task.title)' is work \(members[o].handle)'s role (\(role)) must not take, and nobody whose role allows it has the skills and the hours: assign it to a role that owns it, or change the roles.",
                                              lines: [task.line]))
            }
        }
        for m in 0..<model.memberCount {
            let s = after.memberStanding(m)
            let handle = members[m].handle
            let mine = plan.tasks.indices.filter { after.owners[$0].contains(m) && model.tasks[$0].hours != nil }
            if s.overloaded {
                let over = s.load - model.available[m]
                let candidates = mine.filter { after.due[$0].map { model.inHorizon[$0] } ?? true }
                    .map { "'\(plan.tasks[$0].title)' (\(hours(model.tasks[$0].hours! / Double(after.owners[$0].count))))" }
                questions.append(OpenQuestion(rule: .overload,
                                              question: "\(handle) is \(hours(over)) over capacity in the horizon and nobody can take more: defer one of \(candidates.joined(separator: ", ")), or move the horizon's end by \(daysNeeded(m, hours: over, after: model.profile.horizon.end)) days.",
                                              lines: candidates.isEmpty ? [] : mine.map { plan.tasks[$0].line }))
            }
            for d in s.deadlineDates {
                let sum = dueSum(m, by: d, in: after)
                let short = sum - model.availableBy[m][d]
                let dueTasks = mine.filter { after.due[$0].map { $0 <= d } ?? false }
                let list = dueTasks.map { "'\(plan.tasks[$0].title)'" }.joined(separator: ", ")
                questions.append(OpenQuestion(rule: .deadline,
                                              question: "\(handle) has \(hours(sum)) due by \(model.dates[d]) and \(hours(model.availableBy[m][d])) available (\(hours(short)) short): move the date by \(daysNeeded(m, hours: short, after: model.dates[d])) days, or move one of \(list) to someone with time.",
                                              lines: dueTasks.map { plan.tasks[$0].line }))
            }
        }
        return questions
    }

    /// Calendar days after `day` until the member has worked `hours` more (their time off and the
    /// team's workdays counted; the horizon does not clip it).
    func daysNeeded(_ m: Int, hours needed: Double, after day: Day) -> Int {
        let member = members[m]
        let perDay = capacity.hoursPerWorkday(member)
        guard perDay > 0 else { return 0 }
        var gained = 0.0, days = 0, current = day
        while gained + 1e-9 < needed && days < 3650 {
            current = current.adding(days: 1)
            days += 1
            if model.profile.workdays.contains(current.weekday) && !member.isOff(on: current) { gained += perDay }
        }
        return days
    }
}
