import Foundation
@testable import PlanfitKit

/// Random but reproducible plans and teams for the planner's tests: a few members with skills, roles,
/// hours, time off and WIP limits, and tasks with owners (some unknown, some missing), estimates, skill
/// tags, role tags and due dates, so every rule can fire.
struct PlannerInstance {
    var profileText: String
    var planText: String
    var profile: TeamProfile
    var plan: Plan

    static let skills = ["go", "react", "sql", "ops"]
    static let levels = ["basic", "working", "strong", "expert"]
    static let handles = ["ana", "bo", "cy", "di", "ed", "fu", "gi", "ha", "io", "jo", "ka", "lu"]

    static func random(seed: UInt64, tasks taskCount: Int, members memberCount: Int) -> PlannerInstance {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

        var team = """
            team: Random \(seed)
            horizon: {start: 2027-03-01, end: 2027-03-26}
            hours_per_day: 6
            workdays: [mon, tue, wed, thu, fri]
            norms:
              wip_limit: 2
            roles:
              lead: {owns: [design], not: [budget]}
              dev: {owns: [build], not: [budget, design]}
              manager: {owns: [budget], not: [build]}
            members:

            """
        let handles = Array(handles.prefix(memberCount))
        for handle in handles {
            team += "  - handle: \(handle)\n    role: \(pick(["lead", "dev", "dev", "manager"]))\n"
            team += "    hours_per_week: \(pick([10, 15, 20, 30]))\n"
            let mine = skills.filter { _ in chance(45) }
            if !mine.isEmpty { team += "    skills: {\(mine.map { "\($0): \(pick(levels))" }.joined(separator: ", "))}\n" }
            if chance(30) { team += "    time_off: [\(pick(["2027-03-08..2027-03-12", "2027-03-10..2027-03-17", "2027-03-15..2027-03-19"]))]\n" }
            if chance(25) { team += "    wip_limit: \(pick([1, 3]))\n" }
        }
        var plan = "# Plan \(seed)\n\nSome prose that must survive.\n"
        let sections = ["## First (due 2027-03-12)", "## Second", "## Third (due 2027-03-24)"]
        var section = 0
        plan += "\n\(sections[0])\n\n"
        for t in 0..<taskCount {
            if t > 0, chance(25), section < sections.count - 1 {
                section += 1
                plan += "\n\(sections[section])\n\n"
            }
            var line = "- Task \(t) number \(seed % 97)"
            let ownerCount = chance(10) ? 0 : (chance(15) ? 2 : 1)
            var owners: [String] = []
            for _ in 0..<ownerCount {
                let owner = chance(8) ? "zed" : pick(handles)
                if !owners.contains(owner) { owners.append(owner) }
            }
            line += owners.map { " @\($0)" }.joined()
            if !chance(10) { line += " ~\(pick([1, 2, 3, 4, 6]))\(pick(["d", "d", "h"]))" }
            if chance(55) { line += " #\(pick(skills))" + (chance(40) ? ":\(pick(levels))" : "") }
            if chance(15) { line += " #\(pick(["design", "build", "budget"]))" }
            if chance(20) { line += " (due 2027-03-\(pick(["05", "19", "31"])))" }
            plan += line + "\n"
        }
        plan += "\n| table | kept |\n|---|---|\n"
        let profile = try! TeamProfileLoader(today: Day(iso: "2027-03-01")!).parse(team, file: "team.yaml")
        let parsed = try! PlanParser().parse(plan, file: "plan.md")
        return PlannerInstance(profileText: team, planText: plan, profile: profile, plan: parsed)
    }
}

/// Every assignment of options, scored with the planner's own evaluation: the reference the exact
/// search must match. Exponential; only for a handful of tasks.
enum BruteForce {
    static func best(_ model: PlannerModel) -> PlannerScore? {
        var search = PlannerSearch(model: model)
        var best: PlannerScore?
        func visit(_ t: Int) {
            if t == model.tasks.count {
                guard search.isLegal else { return }
                let s = search.score
                if best == nil || s < best! { best = s }
                return
            }
            for o in model.tasks[t].options.indices {
                search.apply(t, option: o)
                visit(t + 1)
            }
            search.apply(t, option: 0)
        }
        visit(0)
        return best
    }
}

extension PlannerInstance {
    /// A plan a team could carry out, then `problems` tasks given to the wrong people (overloading them,
    /// breaking roles or skills, or naming someone who left): every error can be fixed by moving work,
    /// as in the plans leaders hand over.
    static func fixable(seed: UInt64, tasks taskCount: Int, members memberCount: Int, problems: Int) -> PlannerInstance {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        let handles = Array(Self.handles.prefix(memberCount))
        var team = """
            team: Fixable \(seed)
            horizon: {start: 2027-03-01, end: 2027-03-26}
            hours_per_day: 6
            workdays: [mon, tue, wed, thu, fri]
            norms:
              wip_limit: 4
            roles:
              dev: {owns: [build], not: [budget]}
              manager: {owns: [budget], not: [build]}
            members:

            """
        var memberSkills: [String: [String: Int]] = [:]
        for (i, handle) in handles.enumerated() {
            var mine: [String: Int] = [:]
            for skill in skills where rng.next() % 100 < 55 { mine[skill] = 2 + Int(rng.next() % 3) }
            if mine.isEmpty { mine[skills[i % skills.count]] = 3 }
            memberSkills[handle] = mine
            let role = i == 0 ? "manager" : "dev"
            team += "  - handle: \(handle)\n    role: \(role)\n    hours_per_week: 30\n"
            team += "    skills: {\(mine.sorted { $0.key < $1.key }.map { "\($0.key): \(levels[$0.value - 1])" }.joined(separator: ", "))}\n"
        }
        // 4 weeks x 30h = 120h each; plan about 60% of it.
        var load = Dictionary(uniqueKeysWithValues: handles.map { ($0, 0.0) })
        var lines: [(text: String, skill: String, hours: Double, owner: String)] = []
        for t in 0..<taskCount {
            let skill = pick(skills)
            let qualified = handles.filter { (memberSkills[$0]?[skill] ?? 0) >= 2 }
            let days = pick([2, 3, 3, 4])
            guard let owner = qualified.min(by: { (load[$0]!, $0) < (load[$1]!, $1) }) else { continue }
            load[owner]! += Double(days * 6)
            lines.append(("Task \(t) ~\(days)d #\(skill)", skill, Double(days * 6), owner))
        }
        // The problems: hand tasks to someone unqualified or overloaded, or to someone not on the team.
        var owners = lines.map(\.owner)
        let victim = pick(handles)
        for k in 0..<problems {
            let t = Int(rng.next() % UInt64(lines.count))
            // Half the problems pile work on one person until they are over their hours.
            owners[t] = k % 2 == 0 ? victim : pick(handles + ["zed"])
        }
        // A budget task on a developer: a role break only the manager can take over.
        if problems > 2 { lines[0].text += " #budget" }
        var plan = "# Fixable \(seed)\n\nProse that must survive.\n"
        for (t, line) in lines.enumerated() {
            if t % max(1, lines.count / 4) == 0 { plan += "\n## Part \(t / max(1, lines.count / 4) + 1)\n\n" }
            plan += "- \(line.text) @\(owners[t])\n"
        }
        let profile = try! TeamProfileLoader(today: Day(iso: "2027-03-01")!).parse(team, file: "team.yaml")
        let parsed = try! PlanParser().parse(plan, file: "plan.md")
        return PlannerInstance(profileText: team, planText: plan, profile: profile, plan: parsed)
    }
}
