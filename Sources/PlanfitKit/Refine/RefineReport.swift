/// Renders a `RefineOutcome` against the original plan, in the formats `refine` and `propose` offer.
/// Pure: the same outcome and plan give the same bytes, which is what makes a cache hit print output
/// identical to the original run.
public struct RefineReport: Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, markdown, json, patch }

    public let outcome: RefineOutcome
    public let planPath: String
    public let originalText: String
    public let original: Plan
    public let teamName: String
    /// The adapted plan as it is written with `-o`: the model's text, ending with a newline.
    public let adaptedText: String
    // Derived once: every format and the verdict use them, and a cache hit is all rendering.
    let delta: FindingsDelta
    let lineDiff: LineDiff
    let taskDiff: TaskDiff

    public init(outcome: RefineOutcome, planPath: String, originalText: String, original: Plan, teamName: String) {
        self.outcome = outcome
        self.planPath = planPath
        self.originalText = originalText
        self.original = original
        self.teamName = teamName
        var adapted = outcome.answer.plan
        if !adapted.hasSuffix("\n") { adapted += "\n" }
        adaptedText = adapted
        delta = FindingsDelta(before: outcome.findingsBefore, after: outcome.findingsAfter)
        lineDiff = LineDiff(old: originalText, new: adapted)
        // The engine accepted this plan, so it parses; an empty plan keeps rendering total regardless.
        let adaptedPlan = (try? PlanParser().parse(adapted, file: planPath)) ?? Plan(lines: [], sections: [], tasks: [])
        taskDiff = TaskDiff(old: original, new: adaptedPlan)
    }

    /// Whether the adapted plan may be written out as the plan to use.
    public var isImprovement: Bool { outcome.verdict != .worse && outcome.verdict != .droppedTasks }

    public var verdictSentence: String {
        let d = delta
        switch outcome.verdict {
        case .fixed:
            return d.errorsBefore == 0 ? "The adapted plan breaks no error rule, as the original did not."
                : "The adapted plan fixes every error finding (\(d.errorsBefore) -> 0)."
        case .improved:
            return "The adapted plan fixes some error findings (\(d.errorsBefore) -> \(d.errorsAfter)); \(d.errorsAfter) remain, so the model could not fix the plan completely."
        case .notImproved:
            return "The model could not fix the plan: its version has as many error findings as the original (\(d.errorsAfter))."
        case .worse:
            return "The model could not fix the plan: its version has MORE error findings (\(d.errorsAfter)) than the original (\(d.errorsBefore)). It is shown for reference only; it is not an improvement."
        case .droppedTasks:
            let dropped = outcome.droppedTasks ?? []
            return "The model could not fix the plan: its version drops \(dropped.count) task\(dropped.count == 1 ? "" : "s") without saying why (\(dropped.map { "'\($0)'" }.joined(separator: ", "))). It is shown for reference only; it is not an improvement."
        }
    }

    public func render(_ format: Format, style: ANSIStyle = ANSIStyle(enabled: false), wordDiff: Bool = false) -> String {
        switch format {
        case .text: return text(style: style, wordDiff: wordDiff)
        case .markdown: return markdown()
        case .json: return json.prettyText + "\n"
        case .patch: return UnifiedPatch(diff: lineDiff, oldPath: planPath, newPath: planPath).text
        }
    }

    var modelLine: String {
        let id = outcome.identity
        let rounds = outcome.rounds.count
        return "\(id.model) at \(id.server) (\(id.api)), \(rounds) round\(rounds == 1 ? "" : "s") (\(outcome.repairRounds) repair\(outcome.repairRounds == 1 ? "" : "s")), \(outcome.promptTokens) prompt + \(outcome.completionTokens) completion tokens"
    }

    func text(style: ANSIStyle, wordDiff: Bool) -> String {
        var out = style.bold("planfit \(outcome.command): \(planPath) for team \"\(teamName)\"")
        if let handle = outcome.asHandle { out += style.bold(" as @\(handle)") }
        out += "\n" + style.dim("model " + modelLine) + "\n\n"
        let verdictStyle: (String) -> String = outcome.verdict == .fixed ? style.green : (outcome.verdict == .improved ? style.yellow : style.red)
        out += verdictStyle(verdictSentence) + "\n"
        out += "findings before -> after: \(delta.summary)\n"

        if let note = outcome.answer.note {
            out += "\n" + style.bold("Note to the plan's author") + "\n" + Self.indent(note) + "\n"
        }
        out += "\n" + style.bold("Changes (\(outcome.answer.changes.count))") + "\n"
        if outcome.answer.changes.isEmpty { out += "  (the model listed no changes)\n" }
        for change in outcome.answer.changes {
            out += "  - \(style.cyan(change.kind)) \(change.task): \(change.reason)\n"
        }
        if !outcome.answer.risks.isEmpty {
            out += "\n" + style.bold("Risks") + "\n" + outcome.answer.risks.map { "  - \($0)\n" }.joined()
        }
        if !outcome.answer.questions.isEmpty {
            out += "\n" + style.bold("Open questions for the team") + "\n" + outcome.answer.questions.map { "  - \($0)\n" }.joined()
        }
        let tasks = TaskDiffReport(diff: taskDiff).text(style: style)
        out += "\n" + style.bold("Task changes") + "\n" + (tasks.isEmpty ? "  (no task changed)\n" : tasks)
        let lines = lineDiff
        out += "\n" + style.bold("Line diff") + "\n"
        out += lines.isIdentical ? "  (the plan text is unchanged)\n"
            : DiffTextRenderer(colored: style.enabled, highlightsWords: wordDiff).render(lines, oldLabel: planPath, newLabel: "adapted")
        out += "\n" + style.bold("Rounds") + "\n" + roundsText()
        return out
    }

    func roundsText() -> String {
        outcome.rounds.map { round in
            var line = "  \(round.number). finish \(round.finishReason)"
            if let e = round.errorFindings { line += ", \(e) error finding\(e == 1 ? "" : "s")" }
            if round.problems.isEmpty {
                line += ": accepted"
            } else {
                line += ": \(round.problems.count) problem\(round.problems.count == 1 ? "" : "s")"
            }
            if round.number == outcome.chosenRound { line += " (shown)" }
            return line + "\n" + round.problems.map { "       - \($0)\n" }.joined()
        }.joined()
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n")
    }

    func markdown() -> String {
        var out = "# planfit \(outcome.command): \(planPath)\n\n"
        out += "Team: \(teamName)"
        if let handle = outcome.asHandle { out += " · proposed by @\(handle)" }
        out += " · model \(modelLine)\n\n"
        out += "**\(verdictSentence)**\n\nFindings before -> after: \(delta.summary)\n\n"
        if let note = outcome.answer.note { out += "## Note to the plan's author\n\n\(note)\n\n" }
        out += "## Changes\n\n"
        out += outcome.answer.changes.isEmpty ? "The model listed no changes.\n\n"
            : "| task | change | reason |\n|---|---|---|\n" + outcome.answer.changes.map {
                "| \(Self.cell($0.task)) | \(Self.cell($0.kind)) | \(Self.cell($0.reason)) |\n"
            }.joined() + "\n"
        if !outcome.answer.risks.isEmpty { out += "## Risks\n\n" + outcome.answer.risks.map { "- \($0)\n" }.joined() + "\n" }
        if !outcome.answer.questions.isEmpty { out += "## Open questions\n\n" + outcome.answer.questions.map { "- \($0)\n" }.joined() + "\n" }
        let tasks = TaskDiffReport(diff: taskDiff).text()
        out += "## Task changes\n\n" + (tasks.isEmpty ? "No task changed.\n\n" : "```\n\(tasks)```\n\n")
        out += "## Adapted plan\n\n````markdown\n\(adaptedText)````\n\n"
        out += "## Line diff\n\n```diff\n\(UnifiedPatch(diff: lineDiff, oldPath: planPath, newPath: planPath).text)```\n"
        return out
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    public var json: JSONValue {
        let id = outcome.identity
        return .object([
            "command": .string(outcome.command),
            "plan": .string(planPath),
            "team": .string(teamName),
            "as": outcome.asHandle.map { .string($0) } ?? .null,
            "concern": outcome.concern.map { .string($0) } ?? .null,
            "verdict": .string(outcome.verdict.rawValue),
            "verdict_text": .string(verdictSentence),
            "model": .object(["api": .string(id.api), "server": .string(id.server), "model": .string(id.model),
                              "digest": id.modelDigest.map { .string($0) } ?? .null,
                              "server_version": id.serverVersion.map { .string($0) } ?? .null]),
            "parameters": .object(["temperature": .double(outcome.parameters.temperature), "seed": .int(outcome.parameters.seed),
                                   "max_tokens": .int(outcome.parameters.maxTokens), "max_repairs": .int(outcome.parameters.maxRepairs)]),
            "rounds": .array(outcome.rounds.map { r in
                .object(["round": .int(r.number), "finish_reason": .string(r.finishReason),
                         "prompt_tokens": r.promptTokens.map { .int($0) } ?? .null,
                         "completion_tokens": r.completionTokens.map { .int($0) } ?? .null,
                         "error_findings": r.errorFindings.map { .int($0) } ?? .null,
                         "problems": .array(r.problems.map { .string($0) })])
            }),
            "chosen_round": .int(outcome.chosenRound),
            "findings_before": .array(outcome.findingsBefore.map(\.json)),
            "findings_after": .array(outcome.findingsAfter.map(\.json)),
            "findings_delta": delta.json,
            "changes": .array(outcome.answer.changes.map { .object(["task": .string($0.task), "kind": .string($0.kind), "reason": .string($0.reason)]) }),
            "risks": .array(outcome.answer.risks.map { .string($0) }),
            "questions": .array(outcome.answer.questions.map { .string($0) }),
            "note": outcome.answer.note.map { .string($0) } ?? .null,
            "adapted_plan": .string(adaptedText),
            "task_diff": TaskDiffReport(diff: taskDiff).json,
        ])
    }
}

import Foundation
