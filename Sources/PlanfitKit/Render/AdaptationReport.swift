#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders a `GroundedResult` — a refine, propose or fit run — in the formats those commands offer.
/// Pure: the same result gives the same bytes, which is what makes a cache hit print output identical
/// to the original run.
public struct AdaptationReport: Sendable {
    /// `html` is one self-contained page (see HTMLReport.swift); `note` is propose's note to the author
    /// with the change table, to paste into a message.
    public enum Format: String, Sendable, CaseIterable { case text, markdown, json, patch, html, note }

    public let result: GroundedResult
    // Derived once: every format and the verdict use them, and a cache hit is all rendering.
    let delta: FindingsDelta
    let lineDiff: LineDiff
    let taskDiff: TaskDiff

    public init(result: GroundedResult) {
        self.result = result
        delta = FindingsDelta(before: result.before.findings, after: result.shown.findings)
        lineDiff = LineDiff(old: result.originalText, new: result.shown.text)
        taskDiff = result.shown.ledger.diff
    }

    var shown: Adaptation { result.shown }
    var planPath: String { result.planPath }

    /// The adapted plan as `-o` writes it.
    public var adaptedText: String { shown.text }

    public var isImprovement: Bool { result.isImprovement }

    public var verdictSentence: String {
        let d = delta
        let who = shown.source == .planner ? "planfit's planner" : "the model"
        let subject = shown.source == .planner ? "The planner's plan" : "The adapted plan"
        switch result.verdict {
        case .fixed:
            return d.errorsBefore == 0 ? "\(subject) breaks no error rule, as the original did not."
                : "\(subject) fixes every error finding (\(d.errorsBefore) -> 0)."
        case .improved:
            if shown.source == .planner {
                return "\(subject) fixes \(d.errorsBefore - d.errorsAfter) of \(d.errorsBefore) error findings; the \(d.errorsAfter) left cannot be fixed by moving work (see the open questions)."
            }
            return "\(subject) fixes some error findings (\(d.errorsBefore) -> \(d.errorsAfter)); \(d.errorsAfter) remain, so \(who) could not fix the plan completely."
        case .notImproved:
            return shown.source == .planner
                ? "The planner's plan has as many error findings as the original (\(d.errorsAfter)): no move can fix them (see the open questions)."
                : "The model could not fix the plan: its version has as many error findings as the original (\(d.errorsAfter))."
        case .worse:
            return "The model could not fix the plan: its version has MORE error findings (\(d.errorsAfter)) than the original (\(d.errorsBefore)). It is shown for reference only; it is not an improvement."
        case .droppedTasks:
            let dropped = result.model?.droppedTasks ?? []
            return "The model could not fix the plan: its version drops \(dropped.count) task\(dropped.count == 1 ? "" : "s") without saying why (\(dropped.map { "'\($0)'" }.joined(separator: ", "))). It is shown for reference only; it is not an improvement."
        case .unusable:
            return "The model gave no usable plan."
        }
    }

    public func render(_ format: Format, style: ANSIStyle = ANSIStyle(enabled: false), wordDiff: Bool = false) -> String {
        switch format {
        case .text: return text(style: style, wordDiff: wordDiff)
        case .markdown: return markdown()
        case .json: return json.prettyText + "\n"
        case .patch: return UnifiedPatch(diff: lineDiff, oldPath: planPath, newPath: planPath).text
        case .html: return html()
        case .note: return noteMessage()
        }
    }

    var sourceLine: String {
        if let outcome = result.model {
            let id = outcome.identity
            let rounds = outcome.rounds.count
            return "model \(id.model) at \(id.server) (\(id.api)), \(rounds) round\(rounds == 1 ? "" : "s") (\(outcome.repairRounds) repair\(outcome.repairRounds == 1 ? "" : "s")), \(outcome.promptTokens) prompt + \(outcome.completionTokens) completion tokens"
        }
        return plannerLine
    }

    var plannerLine: String {
        let p = result.planner
        let search = p.exact ? "exact search, \(p.searchedNodes) nodes: no plan scores better" : "heuristic search (greedy); not proven minimal"
        return "planner: \(p.moves.count) move\(p.moves.count == 1 ? "" : "s"), \(search)"
    }

    // MARK: Text

    func text(style: ANSIStyle, wordDiff: Bool) -> String {
        var out = style.bold("planfit \(result.command): \(planPath) for team \"\(result.profile.team)\"")
        if let handle = result.asHandle { out += style.bold(" as @\(handle)") }
        out += "\n" + style.dim(sourceLine) + "\n"
        if result.model != nil { out += style.dim(plannerLine) + "\n" }
        out += "\n"
        if let restored = result.restoredNote { out += style.yellow(restored) + "\n" }
        if let reason = result.fallbackReason { out += style.yellow(reason) + "\n" }
        // Green when fixed; yellow when better, or when what is left is beyond any move; red otherwise.
        let partial = result.verdict == .improved || (result.verdict == .notImproved && shown.source == .planner)
        out += (result.verdict == .fixed ? style.green(verdictSentence)
                : partial ? style.yellow(verdictSentence) : style.red(verdictSentence)) + "\n"
        out += "findings before -> after: \(delta.summary)\n"

        if let note = shown.note {
            out += "\n" + style.bold("Note to the plan's author") + "\n" + Self.indent(note) + "\n"
        }
        out += "\n" + style.bold("Load per member (hours in the horizon: before -> after, of available)") + "\n" + loadText(style: style)
        out += "\n" + style.bold("Changes (\(shown.ledger.entries.count))") + "\n"
        if shown.ledger.entries.isEmpty { out += "  (no task changed)\n" }
        for entry in shown.ledger.entries {
            out += "  \(entry.number). \(style.cyan(entry.explanation?.kind ?? entry.kind.rawValue)) \(entry.title): \(entry.summary)\n"
            if let explanation = entry.explanation {
                out += "       \(explanation.reason)\n"
            } else {
                out += "       " + style.red("no reason given: an unlisted change") + "\n"
            }
        }
        if !shown.ledger.phantoms.isEmpty {
            out += "\n" + style.bold("Listed but not made (\(shown.ledger.phantoms.count))") + "\n"
            out += shown.ledger.phantoms.map { "  - \($0.kind) \($0.task): \($0.reason)\n" }.joined()
        }
        let left = shown.findings.filter { $0.severity != .info }
        out += "\n" + style.bold("Findings left (\(left.count))") + "\n"
        if left.isEmpty { out += "  (none)\n" }
        for finding in left {
            let line = finding.line.map { "line \($0)" } ?? "plan"
            out += "  \(style.severity(finding.rule.rawValue, finding.severity)) (\(line)): \(finding.message)\n"
        }
        if !shown.risks.isEmpty {
            out += "\n" + style.bold("Risks") + "\n" + shown.risks.map { "  - \($0)\n" }.joined()
        }
        if !shown.questions.isEmpty {
            out += "\n" + style.bold("Open questions for the team") + "\n" + shown.questions.map { "  - \($0)\n" }.joined()
        }
        let tasks = TaskDiffReport(diff: taskDiff).text(style: style)
        out += "\n" + style.bold("Task changes") + "\n" + (tasks.isEmpty ? "  (no task changed)\n" : tasks)
        out += "\n" + style.bold("Line diff") + "\n"
        out += lineDiff.isIdentical ? "  (the plan text is unchanged)\n"
            : DiffTextRenderer(colored: style.enabled, highlightsWords: wordDiff).render(lineDiff, oldLabel: planPath, newLabel: "adapted")
        if let outcome = result.model {
            out += "\n" + style.bold("Rounds") + "\n" + roundsText(outcome)
        }
        return out
    }

    /// One row per member: hours before -> after against available, and the share of it.
    struct LoadRow {
        var member: String
        var before: Double
        var after: Double
        var available: Double
    }

    var loadRows: [LoadRow] {
        let after = Dictionary(shown.check.load.map { ($0.member, $0.assignedHours) }, uniquingKeysWith: { a, _ in a })
        return result.before.load.map { LoadRow(member: $0.member, before: $0.assignedHours, after: after[$0.member] ?? 0, available: $0.availableHours) }
    }

    static func percent(_ hours: Double, of available: Double) -> String {
        guard available > 0 else { return hours > 0 ? "no hours" : "-" }
        let p = (hours / available * 100).rounded()
        return p.isFinite && abs(p) < 1e9 ? "\(Int(p))%" : "-"
    }

    func loadText(style: ANSIStyle) -> String {
        let rows = loadRows
        let width = rows.map(\.member.count).max() ?? 0
        return rows.map { row in
            let over = row.after > row.available + 1e-9
            let hours = "\(row.before.formatted)h -> \(row.after.formatted)h of \(row.available.formatted)h"
            let share = "(\(Self.percent(row.before, of: row.available)) -> \(Self.percent(row.after, of: row.available)))"
            let text = "  \(row.member.padding(toLength: width))  \(hours)  \(share)" + (over ? "  over by \((row.after - row.available).formatted)h" : "")
            return (over ? style.red(text) : text) + "\n"
        }.joined()
    }

    func roundsText(_ outcome: RefineOutcome) -> String {
        outcome.rounds.map { round in
            var line = "  \(round.number). finish \(round.finishReason)"
            if let e = round.errorFindings { line += ", \(e) error finding\(e == 1 ? "" : "s")" }
            if round.problems.isEmpty {
                line += ": accepted"
            } else {
                line += ": \(round.problems.count) problem\(round.problems.count == 1 ? "" : "s")"
            }
            if round.number == outcome.chosenRound { line += shown.source == .model ? " (shown)" : " (the model's best)" }
            return line + "\n" + round.problems.map { "       - \($0)\n" }.joined()
        }.joined()
    }

    public static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n")
    }

    // MARK: Markdown

    func markdown() -> String {
        // For people: what changed and why comes first; how planfit got there (model, tokens, search)
        // is in a collapsed section at the end.
        var out = "# planfit \(result.command): \(planPath)\n\n"
        out += "Team: \(result.profile.team)"
        if let handle = result.asHandle { out += " · proposed by @\(handle)" }
        out += "\n\n"
        if let restored = result.restoredNote { out += "\(restored)\n\n" }
        if let reason = result.fallbackReason { out += "\(reason)\n\n" }
        out += "**\(verdictSentence)**\n\nFindings before -> after: \(delta.summary)\n\n"
        if let note = shown.note { out += "## Note to the plan's author\n\n\(note)\n\n" }
        out += "## Load per member\n\n| member | before | after | available |\n|---|---|---|---|\n"
        out += loadRows.map {
            "| \($0.member) | \($0.before.formatted)h (\(Self.percent($0.before, of: $0.available))) | \($0.after.formatted)h (\(Self.percent($0.after, of: $0.available))) | \($0.available.formatted)h |\n"
        }.joined() + "\n"
        out += "## Changes\n\n"
        out += shown.ledger.entries.isEmpty ? "No task changed.\n\n"
            : "| # | task | change | kind | reason |\n|---|---|---|---|---|\n" + shown.ledger.entries.map {
                "| \($0.number) | \(Self.cell($0.title)) | \(Self.cell($0.summary)) | \(Self.cell($0.explanation?.kind ?? "unlisted")) | \(Self.cell($0.explanation?.reason ?? "no reason given")) |\n"
            }.joined() + "\n"
        if !shown.ledger.phantoms.isEmpty {
            out += "## Listed but not made\n\n" + shown.ledger.phantoms.map { "- \($0.kind) \($0.task): \($0.reason)\n" }.joined() + "\n"
        }
        let left = shown.findings.filter { $0.severity != .info }
        if !left.isEmpty {
            out += "## Findings left\n\n" + left.map { "- \($0.rule.rawValue)\($0.line.map { " (line \($0))" } ?? ""): \($0.message)\n" }.joined() + "\n"
        }
        if !shown.risks.isEmpty { out += "## Risks\n\n" + shown.risks.map { "- \($0)\n" }.joined() + "\n" }
        if !shown.questions.isEmpty { out += "## Open questions\n\n" + shown.questions.map { "- \($0)\n" }.joined() + "\n" }
        let tasks = TaskDiffReport(diff: taskDiff).text()
        out += "## Task changes\n\n" + (tasks.isEmpty ? "No task changed.\n\n" : "```\n\(tasks)```\n\n")
        out += "## Adapted plan\n\n````markdown\n\(shown.text)````\n\n"
        out += "## Line diff\n\n```diff\n\(UnifiedPatch(diff: lineDiff, oldPath: planPath, newPath: planPath).text)```\n"
        out += "\n<details>\n<summary>How this report was made</summary>\n\n- \(sourceLine)\n"
        if result.model != nil { out += "- \(plannerLine)\n" }
        if let outcome = result.model { out += "\nRounds:\n\n```\n\(roundsText(outcome))```\n" }
        out += "\n</details>\n"
        return out
    }

    /// `propose --format note`: the note to the plan's author and the change table, nothing else, so
    /// it can be pasted into a message as it is. A run without a note (refine, fit) says so.
    func noteMessage() -> String {
        guard let note = shown.note?.trimmedWhitespaceAndNewlines, !note.isEmpty else {
            if result.restoredNote != nil, result.command == "propose" {
                return "(the stored propose run does not keep its note; `planfit show RUN` reprints the output it printed)\n"
            }
            return "(this \(result.command) run has no note to the plan's author; only propose writes one)\n"
        }
        var out = note + "\n"
        if !shown.ledger.entries.isEmpty {
            out += "\n| # | task | change | reason |\n|---|---|---|---|\n" + shown.ledger.entries.map {
                "| \($0.number) | \(Self.cell($0.title)) | \(Self.cell($0.summary)) | \(Self.cell($0.explanation?.reason ?? "no reason given")) |\n"
            }.joined()
        }
        return out
    }

    static func cell(_ s: String) -> String {
        s.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    // MARK: JSON

    public var json: JSONValue {
        let outcome = result.model
        var object: [String: JSONValue] = [
            "command": .string(result.command),
            "plan": .string(planPath),
            "team": .string(result.profile.team),
            "as": result.asHandle.map { .string($0) } ?? .null,
            "concern": result.concern.map { .string($0) } ?? .null,
            "source": .string(shown.source.rawValue),
            "fallback": result.fallbackReason.map { .string($0) } ?? .null,
            "verdict": .string(result.verdict.rawValue),
            "verdict_text": .string(verdictSentence),
            "findings_before": .array(result.before.findings.map(\.json)),
            "findings_after": .array(shown.findings.map(\.json)),
            "findings_delta": delta.json,
            "load": .array(loadRows.map { .object(["member": .string($0.member), "before_hours": .double($0.before),
                                                   "after_hours": .double($0.after), "available_hours": .double($0.available)]) }),
            "changes": .array(shown.changes.map { .object(["task": .string($0.task), "kind": .string($0.kind), "reason": .string($0.reason)]) }),
            "accounted_changes": .array(shown.ledger.entries.map { entry in
                .object(["number": .int(entry.number), "task": .string(entry.title), "kind": .string(entry.kind.rawValue),
                         "summary": .string(entry.summary), "before": entry.oldTask.map { .string($0.text) } ?? .null,
                         "after": entry.newTask.map { .string($0.text) } ?? .null,
                         "listed_kind": entry.explanation.map { .string($0.kind) } ?? .null,
                         "reason": entry.explanation.map { .string($0.reason) } ?? .null])
            }),
            "phantom_changes": .array(shown.ledger.phantoms.map { .object(["task": .string($0.task), "kind": .string($0.kind), "reason": .string($0.reason)]) }),
            "grounding": result.grounding.json,
            "planner": .object([
                "exact": .bool(result.planner.exact), "searched_nodes": .int(result.planner.searchedNodes),
                "moves": .array(result.planner.moves.map { m in
                    .object(["task": .string(m.task), "line": .int(m.line), "kind": .string(m.kind.rawValue),
                             "owners_before": .array(m.ownersBefore.map { .string($0) }), "owners_after": .array(m.ownersAfter.map { .string($0) }),
                             "due_before": m.dueBefore.map { .string($0.description) } ?? .null,
                             "due_after": m.dueAfter.map { .string($0.description) } ?? .null,
                             "reason": .string(m.reason), "fixes": .array(m.fixes.map { .string($0.rawValue) })])
                }),
                "open_questions": .array(result.planner.openQuestions.map { q in
                    .object(["rule": .string(q.rule.rawValue), "question": .string(q.question), "lines": .array(q.lines.map { .int($0) })])
                }),
            ]),
            "risks": .array(shown.risks.map { .string($0) }),
            "questions": .array(shown.questions.map { .string($0) }),
            "note": shown.note.map { .string($0) } ?? .null,
            "adapted_plan": .string(shown.text),
            "task_diff": TaskDiffReport(diff: taskDiff).json,
        ]
        if let outcome {
            let id = outcome.identity
            object["model"] = .object(["api": .string(id.api), "server": .string(id.server), "model": .string(id.model),
                                       "digest": id.modelDigest.map { .string($0) } ?? .null,
                                       "server_version": id.serverVersion.map { .string($0) } ?? .null])
            object["parameters"] = .object(["temperature": .double(outcome.parameters.temperature), "seed": .int(outcome.parameters.seed),
                                            "max_tokens": .int(outcome.parameters.maxTokens), "max_repairs": .int(outcome.parameters.maxRepairs)])
            object["rounds"] = .array(outcome.rounds.map { r in
                .object(["round": .int(r.number), "finish_reason": .string(r.finishReason),
                         "prompt_tokens": r.promptTokens.map { .int($0) } ?? .null,
                         "completion_tokens": r.completionTokens.map { .int($0) } ?? .null,
                         "error_findings": r.errorFindings.map { .int($0) } ?? .null,
                         "problems": .array(r.problems.map { .string($0) })])
            })
            object["chosen_round"] = .int(outcome.chosenRound)
        } else {
            object["model"] = .null
        }
        return .object(object)
    }
}
