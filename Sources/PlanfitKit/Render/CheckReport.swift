/// Renders a `CheckResult` for people (text) and for programs (JSON).
public struct CheckReport: Sendable {
    public var result: CheckResult
    public var planPath: String
    public var profile: TeamProfile

    public init(result: CheckResult, planPath: String, profile: TeamProfile) {
        self.result = result
        self.planPath = planPath
        self.profile = profile
    }

    /// Findings grouped by severity with their plan line, then the per-member load table.
    ///
    /// Text from the plan and profile (paths, names, task titles inside messages) is sanitised before
    /// it is styled, so on a colour terminal only planfit's own escapes reach it (see `Terminal`).
    public func text(style: ANSIStyle = ANSIStyle(enabled: false)) -> String {
        let shown = { (text: String) in TerminalText.sanitised(text) }
        var out = "\(style.bold(shown(planPath))) against team \"\(shown(profile.team))\" (horizon \(profile.horizon), \(profile.hoursPerDay.formatted)h focus per day)\n"
        if result.findings.isEmpty { out += "\nNo findings: the plan fits the team as written.\n" }
        let ruleWidth = result.findings.map(\.rule.rawValue.count).max() ?? 0
        let locationWidth = result.findings.map { location($0).count }.max() ?? 0
        for severity in Severity.allCases {
            let group = result.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            let heading = "\(Self.plural(severity)) (\(group.count))"
            out += "\n" + style.bold(style.severity(heading, severity)) + "\n"
            for finding in group {
                let loc = location(finding).padding(toLength: locationWidth)
                out += "  \(style.dim(shown(loc)))  \(style.severity(finding.rule.rawValue.padding(toLength: ruleWidth), severity))  \(shown(finding.message))\n"
            }
        }
        out += "\n" + loadTable(style: style)
        out += "\n" + summaryLine() + "\n"
        return out
    }

    func location(_ finding: Finding) -> String {
        finding.line.map { "\(planPath):\($0)" } ?? planPath
    }

    static func plural(_ severity: Severity) -> String {
        switch severity {
        case .error: return "errors"
        case .warning: return "warnings"
        case .info: return "info"
        }
    }

    public func loadTable(style: ANSIStyle = ANSIStyle(enabled: false)) -> String {
        let width = max(6, result.load.map(\.member.count).max() ?? 0)
        var out = style.bold("load".padding(toLength: width + 2) + "  assigned  available") + "\n"
        for row in result.load {
            let assigned = "\(row.assignedHours.formatted)h".leftPadding(toLength: 8)
            let available = "\(row.availableHours.formatted)h".leftPadding(toLength: 9)
            var line = "  \(TerminalText.sanitised(row.member.padding(toLength: width)))  \(assigned)  \(available)"
            if row.assignedHours > row.availableHours + 1e-9 {
                line += "  " + style.red("over by \((row.assignedHours - row.availableHours).formatted)h")
            } else if row.availableHours > 0 {
                line += "  " + style.dim("\((row.assignedHours / row.availableHours * 100).rounded().formatted)%")
            }
            out += line + "\n"
        }
        return out
    }

    public func summaryLine() -> String {
        let e = result.count(.error), w = result.count(.warning), i = result.count(.info)
        return "\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(i) info"
    }

    /// `{"findings": [...], "load": [...], "summary": {...}}` as issue 2 specifies.
    public var json: JSONValue {
        .object([
            "findings": .array(result.findings.map(\.json)),
            "load": .array(result.load.map { row in
                .object(["member": .string(row.member), "assigned_hours": .double(row.assignedHours),
                         "available_hours": .double(row.availableHours)])
            }),
            "summary": .object([
                "plan": .string(planPath),
                "team": .string(profile.team),
                "horizon": .object(["start": .string(profile.horizon.start.description), "end": .string(profile.horizon.end.description)]),
                "errors": .int(result.count(.error)),
                "warnings": .int(result.count(.warning)),
                "info": .int(result.count(.info)),
                "by_rule": .object(Dictionary(uniqueKeysWithValues: RuleID.planRules.map { ($0.rawValue, JSONValue.int(result.count($0))) })),
            ]),
        ])
    }
}

extension Finding {
    public var json: JSONValue {
        .object([
            "rule": .string(rule.rawValue),
            "severity": .string(severity.rawValue),
            "message": .string(message),
            "line": line.map { .int($0) } ?? .null,
            "member": member.map { .string($0) } ?? .null,
            "task": task.map { .string($0) } ?? .null,
        ])
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    func leftPadding(toLength length: Int) -> String {
        count >= length ? self : String(repeating: " ", count: length - count) + self
    }
}
