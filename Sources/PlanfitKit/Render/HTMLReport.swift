#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// HTML building blocks shared by the adaptation, check and batch-index pages: escaping, the page
/// shell with its inline stylesheet, and the load bars. Pure: values in, text out.
///
/// Every page is one self-contained file: inline CSS and SVG, no script, no external resource. A
/// Content-Security-Policy meta forbids loading anything, so even text that looks like a URL cannot
/// make a browser fetch it; the report is about a confidential plan and must never call home.
public enum HTML {
    /// Escapes text for element content and quoted attribute values. Controls are shown as visible
    /// escapes first (as on a terminal), so a plan's or model's text cannot hide anything in the page.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in TerminalText.sanitised(text).unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// The page shell. Colours always come with a text label or a pattern, so the page reads in
    /// greyscale and on paper; the print stylesheet drops backgrounds and keeps tables whole.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="planfit">
        <title>\(escape(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let stylesheet = """
        :root { --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; --bar: #4a6fa5; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; max-width: 1200px; margin: 0 auto; padding: 1.5em; }
        h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; margin-top: 1.6em; }
        .meta { color: var(--muted); margin-top: 0; }
        .verdict { font-size: 1.1em; padding: 0.6em 0.8em; border: 2px solid var(--line); border-left-width: 8px; border-radius: 4px; }
        .verdict-good { border-color: var(--ok); } .verdict-partial { border-color: var(--warn); } .verdict-bad { border-color: var(--bad); }
        .note { white-space: pre-wrap; border-left: 4px solid var(--bar); padding: 0.4em 0.9em; background: #f6f8fa; }
        table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
        th, td { border: 1px solid var(--line); padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; } td.num { text-align: right; white-space: nowrap; }
        code, pre { font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
        td code { white-space: pre-wrap; word-break: break-word; }
        .load figure { margin: 0.3em 0 0.9em; } .load figcaption { font-size: 0.95em; }
        .load svg { display: block; max-width: 100%; height: auto; }
        .over { color: var(--bad); font-weight: bold; }
        .sev-error { color: var(--bad); font-weight: bold; } .sev-warning { color: var(--warn); font-weight: bold; } .sev-info { color: var(--muted); }
        .plans { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
        .plans pre { border: 1px solid var(--line); padding: 0.5em; overflow-x: auto; margin: 0; white-space: pre-wrap; word-break: break-word; }
        .plans .line { display: block; min-height: 1.45em; } .plans .del { background: #ffebe9; } .plans .ins { background: #dafbe1; }
        .plans .mark { display: inline-block; width: 1.4em; color: var(--muted); user-select: none; }
        details { margin-top: 2em; color: var(--muted); }
        @media (max-width: 800px) { .plans { grid-template-columns: 1fr; } }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
          .plans { grid-template-columns: 1fr 1fr; }
          .plans .del, .plans .ins, th, .note { background: none; }
          table, figure, pre, .verdict { break-inside: avoid; }
          a { color: #000; text-decoration: none; }
        }
        """

    /// One member's load before -> after as two SVG bars against their available hours (the dashed
    /// line). Hours past the available ones are drawn hatched in the over-capacity colour, and the
    /// caption says "OVER" in words, so the bar reads without colour.
    /// `scale` is the largest hours figure of any member, so bar lengths compare across members.
    static func loadFigure(member: String, before: Double?, after: Double, available: Double, timeOff: [DayRange], index: Int,
                           scale: Double) -> String {
        let width = 640.0, labelWidth = 70.0, barSpace = 460.0, barHeight = 18.0
        let scaleMax = max(scale, available, before ?? 0, after, 1)
        func x(_ hours: Double) -> Double { labelWidth + hours / scaleMax * barSpace }
        func number(_ value: Double) -> String { printfFormat("%.1f", value) }
        var rows: [(label: String, hours: Double)] = []
        if let before { rows.append(("before", before)) }
        rows.append((before == nil ? "assigned" : "after", after))
        let height = Double(rows.count) * (barHeight + 8) + 8
        let pattern = "over-\(index)"
        var svg = "<svg role=\"img\" aria-label=\"\(escape(loadCaption(member: member, before: before, after: after, available: available)))\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<defs><pattern id=\"\(pattern)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#cf222e\"/><rect width=\"2\" height=\"6\" fill=\"#fff\"/></pattern></defs>"
        for (offset, row) in rows.enumerated() {
            let y = 4 + Double(offset) * (barHeight + 8)
            let within = min(row.hours, available)
            svg += "<text x=\"0\" y=\"\(number(y + 13))\" font-size=\"12\" fill=\"#57606a\">\(row.label)</text>"
            svg += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y))\" width=\"\(number(barSpace * available / scaleMax))\" height=\"\(number(barHeight))\" fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>"
            if within > 0 {
                svg += "<rect class=\"bar\" x=\"\(number(labelWidth))\" y=\"\(number(y))\" width=\"\(number(x(within) - labelWidth))\" height=\"\(number(barHeight))\" fill=\"#4a6fa5\"/>"
            }
            if row.hours > available + 1e-9 {
                svg += "<rect class=\"bar-over\" x=\"\(number(x(available)))\" y=\"\(number(y))\" width=\"\(number(x(row.hours) - x(available)))\" height=\"\(number(barHeight))\" fill=\"url(#\(pattern))\" stroke=\"#cf222e\"/>"
            }
            let over = row.hours > available + 1e-9 ? " OVER" : ""
            svg += "<text x=\"\(number(x(max(row.hours, available)) + 6))\" y=\"\(number(y + 13))\" font-size=\"12\" fill=\"#1f2328\">\(row.hours.formatted)h\(over)</text>"
        }
        svg += "<line x1=\"\(number(x(available)))\" x2=\"\(number(x(available)))\" y1=\"0\" y2=\"\(number(height))\" stroke=\"#1f2328\" stroke-dasharray=\"3 2\"/>"
        svg += "</svg>"
        var caption = "<strong>\(escape(member))</strong>: "
        if let before {
            caption += "\(before.formatted)h -> \(after.formatted)h of \(available.formatted)h available (\(AdaptationReport.percent(before, of: available)) -> \(AdaptationReport.percent(after, of: available)))"
            if before > available + 1e-9 { caption += "; <span class=\"over\">OVER by \((before - available).formatted)h before</span>" }
        } else {
            caption += "\(after.formatted)h of \(available.formatted)h available (\(AdaptationReport.percent(after, of: available)))"
        }
        if after > available + 1e-9 { caption += "; <span class=\"over\">OVER by \((after - available).formatted)h\(before == nil ? "" : " after")</span>" }
        if !timeOff.isEmpty { caption += "; time off \(escape(timeOff.map(\.description).joined(separator: ", ")))" }
        return "<figure class=\"member-load\" data-member=\"\(escape(member))\">\(svg)<figcaption>\(caption)</figcaption></figure>\n"
    }

    static func loadCaption(member: String, before: Double?, after: Double, available: Double) -> String {
        let hours = before.map { "\($0.formatted)h before, \(after.formatted)h after" } ?? "\(after.formatted)h assigned"
        return "\(member): \(hours), \(available.formatted)h available"
    }

    static func findingsList(_ findings: [Finding], id: String, planPath: String) -> String {
        guard !findings.isEmpty else { return "<p id=\"\(id)\">None.</p>\n" }
        return "<ul id=\"\(id)\" class=\"findings\">\n" + findings.map { finding in
            let location = finding.line.map { "line \($0)" } ?? "plan"
            return "<li class=\"finding\"><span class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> <code>\(finding.rule.rawValue)</code> (\(location)): \(escape(finding.message))</li>\n"
        }.joined() + "</ul>\n"
    }

    static func list(_ items: [String], id: String) -> String {
        "<ul id=\"\(id)\">\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// A plan's lines, each marked "-" (removed or changed in the adapted plan) or "+" (new or changed),
    /// with the mark in its own column so it survives printing in black and white.
    static func planLines(_ text: String, marked: Set<Int>, mark: String, cssClass: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.enumerated().map { offset, line in
            let number = offset + 1
            let changed = marked.contains(number)
            let stripped = line.hasSuffix("\r") ? String(line.dropLast()) : line
            return "<span class=\"line\(changed ? " \(cssClass)" : "")\"><span class=\"mark\">\(changed ? mark : "")</span>\(escape(stripped))</span>"
        }.joined() // each line is a block: a newline between them would add a blank line
    }
}

extension AdaptationReport {
    /// The verdict's class: good (fixed), partial (some errors left), bad (not an improvement).
    var verdictClass: String {
        switch result.verdict {
        case .fixed: return "verdict-good"
        case .improved: return "verdict-partial"
        case .notImproved: return shown.source == .planner ? "verdict-partial" : "verdict-bad"
        case .worse, .droppedTasks, .unusable: return "verdict-bad"
        }
    }

    /// The findings of the original that a change resolves: findings about the changed task (by title
    /// or line) or, for load rules (overload, deadline, WIP), about a member the change took the task
    /// from, that the shown plan no longer has. For the planner's moves, only the rules the move says
    /// it fixes. A heuristic for the reader: several changes may share a load finding they fix together.
    func findingsFixed(by entry: ChangeLedger.Entry) -> [Finding] {
        let remaining = Set(shown.check.findings.map { "\($0.rule.rawValue)|\($0.member ?? "")|\($0.task ?? "")" })
        let newOwners = Set(entry.newTask?.owners ?? [])
        // A deferral or a later due date relieves the same owners it keeps.
        let dueMoved = entry.fields.contains { $0.field == .due }
        let members = Set((entry.oldTask?.owners ?? []).filter { dueMoved || !newOwners.contains($0) })
        let moveRules: Set<RuleID>? = shown.source == .planner
            ? result.planner.moves.first { $0.task == entry.title }.map { Set($0.fixes) } : nil
        return result.before.findings.filter { finding in
            guard finding.severity != .info else { return false }
            if let moveRules, !moveRules.contains(finding.rule) { return false }
            if remaining.contains("\(finding.rule.rawValue)|\(finding.member ?? "")|\(finding.task ?? "")") { return false }
            if let task = finding.task, task == entry.title { return true }
            if let line = finding.line, line == entry.oldTask?.line, finding.task == nil || finding.task == entry.title { return true }
            if [.overload, .deadline, .wipLimit].contains(finding.rule), let member = finding.member, members.contains(member) { return true }
            return false
        }
    }

    /// The report as one self-contained HTML page: note (propose) first, verdict, load bars, changes,
    /// the plans side by side, findings before and after, risks and questions, and the tool's details.
    func html() -> String {
        let e = HTML.escape
        var body = "<header>\n<h1>planfit \(e(result.command)): \(e(planPath))</h1>\n"
        body += "<p class=\"meta\">Team \(e(result.profile.team)), horizon \(e(result.profile.horizon.description))"
        if let handle = result.asHandle { body += " · proposed by @\(e(handle))" }
        body += "</p>\n"
        if let restored = result.restoredNote { body += "<p id=\"restored\" class=\"meta\"><strong>Note:</strong> \(e(restored))</p>\n" }
        body += "</header>\n"
        if let note = shown.note {
            body += "<section id=\"note\">\n<h2>Note to the plan's author</h2>\n<div class=\"note\">\(e(note))</div>\n</section>\n"
        }
        body += "<section id=\"verdict-section\">\n<h2>Verdict</h2>\n"
        body += "<p id=\"verdict\" class=\"verdict \(verdictClass)\"><strong>Verdict: \(e(result.verdict.rawValue)).</strong> \(e(verdictSentence))</p>\n"
        if let reason = result.fallbackReason { body += "<p id=\"fallback\">\(e(reason))</p>\n" }
        body += "<p>Findings before -> after: \(e(delta.summary))</p>\n</section>\n"

        body += "<section id=\"load\" class=\"load\">\n<h2>Load per member: before -> after, against available hours</h2>\n"
        body += "<p class=\"meta\">Bars are hours assigned inside the horizon; the dashed line is the member's available hours. Hours over it are hatched and marked OVER.</p>\n"
        let timeOff = Dictionary(result.profile.members.map { ($0.handle, $0.timeOff) }, uniquingKeysWith: { a, _ in a })
        let scale = loadRows.map { max($0.before, $0.after, $0.available) }.max() ?? 1
        for (index, row) in loadRows.enumerated() {
            body += HTML.loadFigure(member: row.member, before: row.before, after: row.after, available: row.available,
                                    timeOff: timeOff[row.member] ?? [], index: index, scale: scale)
        }
        body += "</section>\n"

        body += "<section id=\"changes-section\">\n<h2>Changes (\(shown.ledger.entries.count))</h2>\n"
        if shown.ledger.entries.isEmpty {
            body += "<p id=\"changes\">No task changed.</p>\n"
        } else {
            body += "<table id=\"changes\">\n<thead><tr><th>#</th><th>task</th><th>before</th><th>after</th><th>reason</th><th>finding it fixes</th></tr></thead>\n<tbody>\n"
            for entry in shown.ledger.entries {
                let kind = entry.explanation?.kind ?? entry.kind.rawValue
                let reason = entry.explanation.map { e($0.reason) } ?? "<span class=\"sev-error\">no reason given: an unlisted change</span>"
                let fixed = findingsFixed(by: entry)
                let fixes = fixed.isEmpty ? "-" : fixed.map { "<code>\($0.rule.rawValue)</code> \(e($0.message))" }.joined(separator: "<br>")
                body += "<tr class=\"change\"><td class=\"num\">\(entry.number)</td><td>\(e(entry.title))<br><small>\(e(kind)): \(e(entry.summary))</small></td>"
                body += "<td><code>\(entry.oldTask.map { e($0.text) } ?? "(none: added)")</code></td>"
                body += "<td><code>\(entry.newTask.map { e($0.text) } ?? "(none: removed)")</code></td>"
                body += "<td>\(reason)</td><td>\(fixes)</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        if !shown.ledger.phantoms.isEmpty {
            body += "<h3>Listed but not made (\(shown.ledger.phantoms.count))</h3>\n"
            body += HTML.list(shown.ledger.phantoms.map { "\($0.kind) \($0.task): \($0.reason)" }, id: "phantoms")
        }
        body += "</section>\n"

        let removedLines = Set(shown.ledger.entries.compactMap { $0.kind == .added ? nil : $0.oldTask?.line })
        let addedLines = Set(shown.ledger.entries.compactMap { $0.kind == .removed ? nil : $0.newTask?.line })
        body += "<section id=\"plans-section\">\n<h2>The plan: original and adapted</h2>\n"
        body += "<p class=\"meta\">Changed lines are marked - in the original and + in the adapted plan.</p>\n<div class=\"plans\">\n"
        body += "<div><h3>Original</h3><pre id=\"original-plan\">\(HTML.planLines(result.originalText, marked: removedLines, mark: "-", cssClass: "del"))</pre></div>\n"
        body += "<div><h3>Adapted (\(shown.source == .planner ? "planfit's planner" : "the model"))</h3><pre id=\"adapted-plan\">\(HTML.planLines(shown.text, marked: addedLines, mark: "+", cssClass: "ins"))</pre></div>\n"
        body += "</div>\n</section>\n"

        body += "<section id=\"findings-section\">\n<h2>Findings before (\(result.before.findings.count))</h2>\n"
        body += HTML.findingsList(result.before.findings, id: "findings-before", planPath: planPath)
        body += "<h2>Findings after (\(shown.findings.count))</h2>\n"
        body += HTML.findingsList(shown.findings, id: "findings-after", planPath: planPath) + "</section>\n"
        if !shown.risks.isEmpty { body += "<section id=\"risks-section\">\n<h2>Risks</h2>\n" + HTML.list(shown.risks, id: "risks") + "</section>\n" }
        if !shown.questions.isEmpty {
            body += "<section id=\"questions-section\">\n<h2>Open questions</h2>\n" + HTML.list(shown.questions, id: "questions") + "</section>\n"
        }
        body += "<details id=\"tool\">\n<summary>How this report was made</summary>\n<ul>\n<li>\(e(sourceLine))</li>\n"
        if result.model != nil { body += "<li>\(e(plannerLine))</li>\n" }
        body += "</ul>\n</details>\n"
        return HTML.page(title: "planfit \(result.command): \(planPath)", body: body)
    }
}

extension CheckReport {
    /// The check as one self-contained HTML page: the summary, load bars against available hours, and
    /// the findings grouped by severity.
    public func html() -> String {
        let e = HTML.escape
        var body = "<header>\n<h1>planfit check: \(e(planPath))</h1>\n"
        body += "<p class=\"meta\">Team \(e(profile.team)), horizon \(e(profile.horizon.description)), \(profile.hoursPerDay.formatted)h focus per day</p>\n</header>\n"
        let verdict = result.hasErrors ? "the plan breaks error rules" : "no error findings"
        body += "<section id=\"verdict-section\">\n<h2>Verdict</h2>\n<p id=\"verdict\" class=\"verdict \(result.hasErrors ? "verdict-bad" : "verdict-good")\"><strong>Verdict: \(verdict).</strong> \(e(summaryLine()))</p>\n</section>\n"
        body += "<section id=\"load\" class=\"load\">\n<h2>Load per member, against available hours</h2>\n"
        body += "<p class=\"meta\">Bars are hours assigned inside the horizon; the dashed line is the member's available hours. Hours over it are hatched and marked OVER.</p>\n"
        let timeOff = Dictionary(profile.members.map { ($0.handle, $0.timeOff) }, uniquingKeysWith: { a, _ in a })
        let scale = result.load.map { max($0.assignedHours, $0.availableHours) }.max() ?? 1
        for (index, row) in result.load.enumerated() {
            body += HTML.loadFigure(member: row.member, before: nil, after: row.assignedHours, available: row.availableHours,
                                    timeOff: timeOff[row.member] ?? [], index: index, scale: scale)
        }
        body += "</section>\n<section id=\"findings-section\">\n<h2>Findings (\(result.findings.count))</h2>\n"
        body += HTML.findingsList(result.findings, id: "findings", planPath: planPath) + "</section>\n"
        return HTML.page(title: "planfit check: \(planPath)", body: body)
    }
}

/// `batch --format html`'s `index.html`: one row per plan with its verdict and a relative link to its
/// report in the same folder, so the folder can be opened, zipped or served as it is. Pure.
public struct BatchIndex: Sendable {
    public var results: [BatchPlanResult]
    public var format: AdaptationReport.Format

    public init(results: [BatchPlanResult], format: AdaptationReport.Format) {
        self.results = results
        self.format = format
    }

    public static let fileName = "index.html"

    public var html: String {
        let e = HTML.escape
        let succeeded = results.filter { $0.success != nil }.count
        var body = "<header>\n<h1>planfit batch: \(results.count) plan\(results.count == 1 ? "" : "s")</h1>\n"
        body += "<p class=\"meta\">\(succeeded) succeeded, \(results.count - succeeded) failed</p>\n</header>\n"
        body += "<table id=\"plans\">\n<thead><tr><th>plan</th><th>verdict</th><th>error findings before -> after</th><th>report</th></tr></thead>\n<tbody>\n"
        for result in results {
            body += "<tr class=\"plan\"><td>\(e(result.plan.path))</td>"
            switch result.outcome {
            case .succeeded(let s):
                let file = result.plan.reportFile(format)
                // A relative link: the file name percent-encoded as a path, then escaped for the attribute.
                let href = file.percentEncodedPath()
                let bad = [.worse, .droppedTasks, .unusable].contains(s.verdict)
                body += "<td\(bad ? " class=\"sev-error\"" : "")>\(e(s.verdict.rawValue))</td><td class=\"num\">\(s.errorsBefore) -> \(s.errorsAfter)</td>"
                body += "<td><a href=\"\(e(href))\">\(e(file))</a></td></tr>\n"
            case .failed(let f):
                let firstLine = f.message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? f.message
                body += "<td class=\"sev-error\">failed (exit \(f.exitStatus))</td><td>-</td><td>\(e(firstLine))</td></tr>\n"
            }
        }
        body += "</tbody>\n</table>\n"
        return HTML.page(title: "planfit batch", body: body)
    }
}
