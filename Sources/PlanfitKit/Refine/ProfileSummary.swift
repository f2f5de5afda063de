/// The team profile written out as plain text for the model: every fact the rules use, in words a
/// 7-8B model reads reliably (one member per block, hours and time off spelled out).
public enum ProfileSummary {
    public static func text(_ profile: TeamProfile) -> String {
        let capacity = Capacity(profile: profile)
        var out = "Planning window: \(profile.horizon.start) to \(profile.horizon.end). "
        out += "Working days: \(profile.workdays.sorted().map(\.rawValue).joined(separator: ", ")). "
        out += "One day of estimate (~1d) is \(profile.hoursPerDay.formatted) focus hours; ~1w is \(profile.defaultHoursPerWeek.formatted) hours.\n\n"
        out += "Members (only these people exist):\n"
        for m in profile.members {
            var line = "- @\(m.handle)"
            if let name = m.name { line += " (\(name))" }
            if let role = m.role { line += ", role \(role)" }
            line += ": \(m.hoursPerWeek.formatted) focus hours/week, \(capacity.availableHours(m).formatted)h available in the window"
            out += line + "\n"
            let skills = m.skills.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            out += "  skills: \(skills.isEmpty ? "none listed" : skills.joined(separator: ", "))\n"
            if !m.timeOff.isEmpty { out += "  time off: \(m.timeOff.map(\.description).joined(separator: ", "))\n" }
            if let wip = profile.wipLimit(for: m) { out += "  at most \(wip) tasks at once in one section\n" }
        }
        if !profile.roles.isEmpty {
            out += "\nRoles:\n"
            for (name, role) in profile.roles.sorted(by: { $0.key < $1.key }) {
                var line = "- \(name)"
                if !role.owns.isEmpty { line += ": answers for \(role.owns.map { "#\($0)" }.joined(separator: ", "))" }
                if !role.not.isEmpty { line += (role.owns.isEmpty ? ": " : "; ") + "must not be given \(role.not.map { "#\($0)" }.joined(separator: ", "))" }
                out += line + "\n"
            }
        }
        return out
    }
}
