/// `planfit init`: a commented team profile to fill in. From a plan it lists every owner the plan names
/// (with the tasks and skills the plan gives them) and every skill the plan asks for, and declares the
/// one role it gives members, so the file loads as it is and `check` can run on it at once.
public enum ProfileSkeleton {
    /// The role every member starts with; declared under `roles:` so the profile loads.
    public static let placeholderRole = "member"

    /// The profile text. `planPath` names the plan in the comments; `today` starts the horizon, which
    /// ends on the plan's last due date (within the loader's limit) or four weeks later.
    public static func render(plan: Plan?, planPath: String?, today: Day) -> String {
        var out = "# Team profile for planfit"
        out += planPath.map { ", written by `planfit init --from-plan \($0)`.\n" } ?? ", written by `planfit init`.\n"
        out += "# Fill in every TODO (YAML: `key: value`; a ` #` starts a comment), then run\n"
        out += "#   planfit check \(planPath ?? "PLAN.md") --team THIS_FILE\n"
        out += "# The format: README.md, \"File formats in brief\".\n"
        out += "team: TODO team name\n"
        let dues = plan?.tasks.compactMap(\.due).filter { $0 >= today } ?? []
        let latest = dues.max().map { min($0, today.adding(days: 365)) } ?? today.adding(days: 27)
        out += "horizon: {start: \(today), end: \(latest)}   # the window capacity is counted in\n"
        out += "hours_per_day: 6                 # focus hours per working day; turns ~1d into hours\n"
        out += "workdays: [mon, tue, wed, thu, fri]\n"
        out += "members:\n"
        let owners = ownersInOrder(plan)
        if owners.isEmpty {
            out += "  - handle: your-handle          # plans name owners as @your-handle\n"
            out += memberBody(tasks: [])
        } else {
            out += "  # Every @handle the plan names, with the tasks it gives them.\n"
            for owner in owners {
                let tasks = plan?.tasks.filter { $0.owners.contains(owner) } ?? []
                out += "  - handle: \(owner)\n"
                out += memberBody(tasks: tasks)
            }
        }
        out += "roles:\n"
        out += "  # Every role used above. `owns`: tags this role is responsible for; `not`: tags it must not take\n"
        out += "  # (a task tagged with one of its `not` tags is a role-boundary error), e.g. not: [people-management].\n"
        out += "  \(placeholderRole): {owns: [], not: []}\n"
        out += "norms:\n"
        out += "  wip_limit: 3                   # tasks at once per member and section (a member's wip_limit overrides it)\n"
        out += "constraints: []                  # e.g. [No production deploys on Fridays]\n"
        let skills = skillsAsked(plan)
        if !skills.isEmpty {
            out += "\n# Skills the plan asks for (#skill or #skill:level), with the tasks that need them. Give each\n"
            out += "# member the ones they have, with a level: basic, working, strong or expert.\n"
            for (skill, tasks) in skills {
                out += "#   \(skill): " + tasks.map { "\($0.title) (line \($0.line))" }.joined(separator: "; ") + "\n"
            }
        }
        return out
    }

    static func memberBody(tasks: [PlanTask]) -> String {
        var out = "    role: \(placeholderRole)                 # one of the roles under `roles:`\n"
        out += "    hours_per_week: 30           # TODO focus hours for plan work (default: hours_per_day x workdays)\n"
        let needed = Array(Set(tasks.flatMap(\.tags).map(\.name))).sorted()
        out += "    skills: {}                   # TODO e.g. {go: strong}"
        out += needed.isEmpty ? "\n" : "; the plan gives them tasks needing: \(needed.joined(separator: ", "))\n"
        if !tasks.isEmpty {
            out += "    # tasks in the plan: " + tasks.map { "line \($0.line)" }.joined(separator: ", ") + "\n"
        }
        out += "    # time_off: [2026-12-22..2027-01-02]\n"
        out += "    # wip_limit: 2\n"
        return out
    }

    /// Owners in the order the plan first names them.
    static func ownersInOrder(_ plan: Plan?) -> [String] {
        var seen: Set<String> = []
        return (plan?.tasks ?? []).flatMap(\.owners).filter { seen.insert($0).inserted }
    }

    /// Each skill tag (with the highest level any task asks, as `go:strong`) and the tasks that ask for it.
    static func skillsAsked(_ plan: Plan?) -> [(String, [PlanTask])] {
        var byName: [String: [PlanTask]] = [:]
        var level: [String: SkillLevel] = [:]
        for task in plan?.tasks ?? [] {
            for tag in task.tags {
                byName[tag.name, default: []].append(task)
                if let l = tag.minimumLevel { level[tag.name] = max(level[tag.name] ?? l, l) }
            }
        }
        return byName.keys.sorted().map { name in
            (level[name].map { "\(name):\($0)" } ?? name, byName[name]!)
        }
    }
}
