/// Reads a team profile from YAML (or JSON, which is YAML). Works on the composed node tree
/// (`YAMLComposer`) rather than `Decodable` so every error can name the line and column, and so unknown
/// keys are caught: a typo such as `hours_per_weak` must not silently drop a fact about the team.
public struct TeamProfileLoader: Sendable {
    /// Today, for the default horizon (four weeks from today).
    public var today: Day

    public init(today: Day) { self.today = today }

    public func load(path: String) throws -> TeamProfile {
        let text = try InputFile.readText(path: path)
        return try parse(text, file: path)
    }

    public func parse(_ text: String, file: String) throws -> TeamProfile {
        let root: YAMLNode?
        do {
            root = try YAMLComposer().compose(text)
        } catch {
            throw Self.syntaxError(error, text: text, file: file)
        }
        guard let root else {
            throw TeamProfileError(file: file, line: 1, column: 1, keyPath: nil,
                                   message: "the team profile is empty; it needs at least `team:` and `members:`")
        }
        var reader = NodeReader(file: file)
        return try reader.profile(root, today: today)
    }

    static func syntaxError(_ error: YAMLError, text: String, file: String) -> TeamProfileError {
        switch error.kind {
        case .syntax:
            return TeamProfileError(file: file, line: error.line, column: error.column, keyPath: nil,
                                    message: "YAML syntax error: \(error.message)")
        case .duplicateKeys, .aliasExpansion:
            return TeamProfileError(file: file, line: error.line, column: error.column, keyPath: nil, message: error.message)
        case .unreadable, .outOfMemory:
            return TeamProfileError(file: file, line: nil, column: nil, keyPath: nil,
                                    message: "cannot read YAML: \(error.report(in: text))")
        }
    }
}

/// Walks the node tree, tracking the key path for messages.
struct NodeReader {
    let file: String

    func fail(_ node: YAMLNode?, _ path: String?, _ message: String) -> TeamProfileError {
        TeamProfileError(file: file, line: node?.line, column: node?.column, keyPath: path, message: message)
    }

    /// The mapping's entries after checking every key is one of `allowed` (`YAMLMappingWalk`).
    /// `form` is how the value should be written, shown when it is not a mapping: the common mistakes
    /// (a skills list, members as a mapping) are fixed fastest by seeing the expected form.
    func mapping(_ node: YAMLNode, _ path: String, allowed: [String]?, form: String? = nil) throws -> [YAMLMappingWalk.Entry] {
        do {
            return try YAMLMappingWalk.entries(of: node, allowed: allowed)
        } catch {
            let child = { (key: String) in path.isEmpty ? key : "\(path).\(key)" }
            switch error {
            case .notAMapping:
                let hint = form.map { "; write \(Self.lastKey(path)) as \($0)" } ?? ""
                throw fail(node, path, "expected a mapping of `key: value` lines, found \(describe(node))\(hint)")
            case .keyNotText(let keyNode):
                throw fail(keyNode, path, "keys must be plain text")
            case let .unknownKey(key, keyNode, suggestion):
                let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; allowed keys: \((allowed ?? []).joined(separator: ", "))"
                throw fail(keyNode, child(key), "unknown key '\(key)'\(hint)")
            case let .duplicateKey(key, keyNode):
                throw fail(keyNode, child(key), "duplicate key '\(key)'")
            }
        }
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.value {
        case .scalar(let s): return s.text.isEmpty ? "an empty value" : "'\(s.text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    func string(_ node: YAMLNode, _ path: String) throws -> String {
        guard let s = node.text else { throw fail(node, path, "expected text, found \(describe(node))") }
        return s
    }

    /// A number within `range`. Every number in a profile has a range: hours feed capacity arithmetic,
    /// and a value such as 9223372036854775808 must be an error with its line, not a crash later.
    func number(_ node: YAMLNode, _ path: String, what: String, in range: ClosedRange<Double>, above lower: Bool = false) throws -> Double {
        // Worded only for an error: formatting the bounds of every number read cost `check` more than reading them.
        var allowed: String {
            lower ? "more than \(range.lowerBound.formatted) and at most \(range.upperBound.formatted)"
                : "between \(range.lowerBound.formatted) and \(range.upperBound.formatted)"
        }
        guard let s = node.text, let v = Double(s.trimmedWhitespace), v.isFinite else {
            throw fail(node, path, "\(what) must be a number \(allowed), found \(node.text.map(Self.excerpt) ?? describe(node))")
        }
        guard range.contains(v), !(lower && v == range.lowerBound) else {
            throw fail(node, path, "\(what) must be \(allowed), found \(Self.excerpt(s))")
        }
        return v
    }

    /// A whole number within `range`; text that does not fit in `Int` gets the same message.
    func integer(_ node: YAMLNode, _ path: String, what: String, in range: ClosedRange<Int>) throws -> Int {
        let allowed = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let s = node.text else { throw fail(node, path, "\(what) must be \(allowed), found \(describe(node))") }
        guard let v = Int(s.trimmedWhitespace), range.contains(v) else {
            throw fail(node, path, "\(what) must be \(allowed), found \(Self.excerpt(s))")
        }
        return v
    }

    /// The value as written, cut short: a 10,000-digit number must not become a 10,000-digit message.
    static func excerpt(_ text: String) -> String {
        let trimmed = text.trimmedWhitespace
        return trimmed.count > 40 ? "'\(trimmed.prefix(40))…'" : "'\(trimmed)'"
    }

    /// Limits on profile numbers: a day has 24 hours, a week 168; a WIP limit beyond 1000 means nothing.
    static let hoursPerDayRange = 0.0...24.0
    static let hoursPerWeekRange = 0.0...168.0
    static let wipLimitRange = 1...1000

    /// `form`, as for `mapping`: the expected form, shown when the value is not a list.
    func list(_ node: YAMLNode, _ path: String, form: String? = nil) throws -> [YAMLNode] {
        if let items = node.sequence { return items }
        if let s = node.scalar, s.style == .plain, ["", "~", "null"].contains(s.text) { return [] }
        let hint = form.map { "; write \(Self.lastKey(path)) as \($0)" } ?? ""
        throw fail(node, path, "expected a list (`- item` lines or `[a, b]`), found \(describe(node))\(hint)")
    }

    func stringList(_ node: YAMLNode, _ path: String, form: String? = nil) throws -> [String] {
        try list(node, path, form: form).enumerated().map { try string($1, "\(path)[\($0)]") }
    }

    func day(_ node: YAMLNode, _ text: String, _ path: String) throws -> Day {
        guard let d = Day(iso: text.trimmedWhitespace) else {
            throw fail(node, path, "'\(text)' is not a date; write YYYY-MM-DD, for example 2026-12-01")
        }
        return d
    }

    func dayRange(_ node: YAMLNode, _ path: String) throws -> DayRange {
        let text = try string(node, path)
        let parts = text.splitting(on: "..")
        switch parts.count {
        case 1:
            let d = try day(node, text, path)
            return DayRange(start: d, end: d)
        case 2:
            let start = try day(node, parts[0], path), end = try day(node, parts[1], path)
            guard start <= end else {
                throw fail(node, path, "the range '\(text)' ends before it starts; write START..END with START <= END")
            }
            return DayRange(start: start, end: end)
        default:
            throw fail(node, path, "'\(text)' is not a date range; write 2026-12-22..2027-01-02 or a single date")
        }
    }

    mutating func profile(_ root: YAMLNode, today: Day) throws -> TeamProfile {
        let entries = try mapping(root, "", allowed: ["team", "horizon", "hours_per_day", "workdays", "members",
                                                     "roles", "norms", "constraints"])
        var team: String?
        var horizon = DayRange(start: today, end: today.adding(days: 27))
        var hoursPerDay = 6.0
        var workdays: WeekdaySet = [.mon, .tue, .wed, .thu, .fri]
        var memberNodes: YAMLNode?
        var roles: [String: Role] = [:]
        var norms = Norms()
        var constraints: [String] = []
        for entry in entries {
            let (key, value) = (entry.key, entry.value)
            switch key {
            case "team": team = try string(value, key)
            case "horizon": horizon = try readHorizon(value, today: today)
            case "hours_per_day":
                hoursPerDay = try number(value, key, what: "hours_per_day", in: Self.hoursPerDayRange, above: true)
            case "workdays":
                var days: WeekdaySet = []
                for (i, node) in try list(value, key, form: "`[mon, tue, wed, thu, fri]`").enumerated() {
                    let name = try string(node, "workdays[\(i)]").lowercased()
                    guard let d = Weekday(rawValue: String(name.prefix(3))), name.count == 3 || Self.fullDayNames.contains(name) else {
                        throw fail(node, "workdays[\(i)]", "'\(name)' is not a weekday; use mon, tue, wed, thu, fri, sat, sun")
                    }
                    days.insert(d)
                }
                guard !days.isEmpty else { throw fail(value, key, "workdays cannot be empty") }
                workdays = days
            case "members": memberNodes = value
            case "roles": roles = try readRoles(value)
            case "norms": norms = try readNorms(value)
            case "constraints": constraints = try stringList(value, key, form: "`[No production deploys on Fridays]`")
            default: break
            }
        }
        guard let team, !team.trimmedWhitespace.isEmpty else {
            throw fail(root, "team", "the profile needs a `team:` name")
        }
        guard let memberNodes else { throw fail(root, "members", "the profile needs a `members:` list") }
        let defaultWeek = hoursPerDay * Double(workdays.count)
        var members: [Member] = []
        for (i, node) in try list(memberNodes, "members", form: "a list of `- handle: ana` entries, one per member").enumerated() {
            let member = try readMember(node, "members[\(i)]", defaultHoursPerWeek: defaultWeek, roles: roles)
            if let first = members.first(where: { $0.handle == member.handle }) {
                throw fail(node, "members[\(i)].handle",
                           "duplicate handle '\(member.handle)' (first used on line \(first.line)); handles must be unique")
            }
            members.append(member)
        }
        guard !members.isEmpty else { throw fail(memberNodes, "members", "the team has no members") }
        return TeamProfile(team: team, horizon: horizon, hoursPerDay: hoursPerDay, workdays: workdays,
                           members: members, roles: roles, norms: norms, constraints: constraints)
    }

    static let fullDayNames: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Capacity walks the horizon day by day for every member and rule, so a horizon of 0001..9999
    /// would be millions of days per check: ten years is more than any plan needs.
    static let maximumHorizonDays = 3660

    func readHorizon(_ node: YAMLNode, today: Day) throws -> DayRange {
        let horizon = try readHorizonDays(node, today: today)
        guard horizon.end.daysSinceEpoch - horizon.start.daysSinceEpoch < Self.maximumHorizonDays else {
            throw fail(node, "horizon", "the horizon \(horizon) is longer than \(Self.maximumHorizonDays) days (ten years); "
                + "give the window the plan is for, such as the next quarter")
        }
        return horizon
    }

    func readHorizonDays(_ node: YAMLNode, today: Day) throws -> DayRange {
        if node.scalar != nil { return try dayRange(node, "horizon") }
        var start: Day?, end: Day?
        var endNode = node
        for entry in try mapping(node, "horizon", allowed: ["start", "end"], form: "`{start: 2026-12-01, end: 2027-01-29}`") {
            let (key, value) = (entry.key, entry.value)
            let d = try day(value, try string(value, "horizon.\(key)"), "horizon.\(key)")
            if key == "start" { start = d } else { end = d; endNode = value }
        }
        let s = start ?? today
        let e = end ?? s.adding(days: 27)
        guard s <= e else {
            throw fail(endNode, "horizon.end", "horizon end \(e) is before its start \(s); the end must be on or after the start")
        }
        return DayRange(start: s, end: e)
    }

    func readMember(_ node: YAMLNode, _ path: String, defaultHoursPerWeek: Double, roles: [String: Role]) throws -> Member {
        let entries = try mapping(node, path, allowed: ["handle", "name", "role", "hours_per_week", "skills", "time_off", "wip_limit"],
                                  form: "`handle: ana` with `role:`, `hours_per_week:` and `skills:` lines under it")
        var handle: String?
        var member = Member(handle: "", hoursPerWeek: defaultHoursPerWeek, line: node.line)
        for entry in entries {
            let (key, value) = (entry.key, entry.value)
            let p = "\(path).\(key)"
            switch key {
            case "handle":
                let h = try string(value, p)
                let bare = h.hasPrefix("@") ? String(h.dropFirst()) : h
                guard !bare.isEmpty, bare.unicodeScalars.allSatisfy({ Self.handleCharacters.contains($0) }) else {
                    throw fail(value, p, "handle '\(h)' may use only a-z, 0-9, '_' and '-' (plans write it as @\(bare.lowercased()))")
                }
                handle = bare
            case "name": member.name = try string(value, p)
            case "role": member.role = try string(value, p)
            case "hours_per_week":
                member.hoursPerWeek = try number(value, p, what: "hours_per_week", in: Self.hoursPerWeekRange)
            case "skills":
                // The most common slip is a list of skill names: a skill needs its level, so the
                // message shows the names given, written the expected way.
                if let names = value.sequence?.compactMap(\.text), !names.isEmpty {
                    let example = names.prefix(3).map { "\($0): strong" }.joined(separator: ", ")
                    throw fail(value, p, "skills is a list; write skills as `{\(example)}`, each skill with its level (basic, working, strong or expert)")
                }
                for entry in try mapping(value, p, allowed: nil, form: "`{python: strong}`") {
                    let (skill, levelNode) = (entry.key, entry.value)
                    guard levelNode.text.map({ !$0.trimmedWhitespace.isEmpty }) == true else {
                        throw fail(levelNode, "\(p).\(skill)",
                                   "skill '\(skill)' has no level; write skills as `{\(skill): strong}` (basic, working, strong or expert)")
                    }
                    let text = try string(levelNode, "\(p).\(skill)")
                    guard let level = SkillLevel(name: text.trimmedWhitespace) else {
                        throw fail(levelNode, "\(p).\(skill)",
                                   "unknown skill level '\(text)'; use basic (1), working (2), strong (3) or expert (4)")
                    }
                    member.skills[skill.lowercased()] = level
                }
            case "time_off":
                member.timeOff = try list(value, p, form: "`[2026-12-22..2027-01-02]`").enumerated().map { try dayRange($1, "\(p)[\($0)]") }
            case "wip_limit":
                member.wipLimit = try integer(value, p, what: "wip_limit", in: Self.wipLimitRange)
            default: break
            }
        }
        guard let handle else { throw fail(node, "\(path).handle", "every member needs a `handle:` (how plans name them, as @handle)") }
        member.handle = handle
        if let role = member.role, !roles.isEmpty, roles[role] == nil {
            throw fail(node, "\(path).role", "role '\(role)' is not defined under `roles:` (defined: \(roles.keys.sorted().joined(separator: ", ")))")
        }
        return member
    }

    /// `members[0].skills` -> `skills`: the key as the user wrote it, for "write skills as ...".
    static func lastKey(_ path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }

    static let handleCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789_-".unicodeScalars)

    func readRoles(_ node: YAMLNode) throws -> [String: Role] {
        var roles: [String: Role] = [:]
        for role in try mapping(node, "roles", allowed: nil, form: "`engineer: {owns: [implementation], not: [budget]}`") {
            let (name, value) = (role.key, role.value)
            var role = Role()
            for entry in try mapping(value, "roles.\(name)", allowed: ["owns", "not"], form: "`{owns: [implementation], not: [budget]}`") {
                let (key, list) = (entry.key, entry.value)
                let tags = try stringList(list, "roles.\(name).\(key)", form: "`[architecture, code-review]`")
                    .map { $0.lowercased().trimming("# ") }
                if key == "owns" { role.owns = tags } else { role.not = tags }
            }
            roles[name] = role
        }
        return roles
    }

    func readNorms(_ node: YAMLNode) throws -> Norms {
        var norms = Norms()
        for entry in try mapping(node, "norms", allowed: nil) {
            let (key, value) = (entry.key, entry.value)
            if key == "wip_limit" {
                norms.wipLimit = try integer(value, "norms.wip_limit", what: "wip_limit", in: Self.wipLimitRange)
            } else {
                norms.statements.append(NamedText(name: key, text: try string(value, "norms.\(key)")))
            }
        }
        return norms
    }
}
