#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a refine, propose or fit run keeps in its history row so `planfit apply` can later rebuild a plan
/// from the original and only the changes the leader accepts — without the model, the server or the
/// files the run read (they may have changed since).
public struct StoredAdaptation: Sendable, Equatable, Codable {
    public var command: String
    public var planPath: String
    public var teamPath: String
    public var originalText: String
    public var profileText: String
    public var source: Adaptation.Source
    public var adaptedText: String
    public var changes: [RefineAnswer.Change]

    public init(command: String, planPath: String, teamPath: String, originalText: String, profileText: String,
                source: Adaptation.Source, adaptedText: String, changes: [RefineAnswer.Change]) {
        self.command = command
        self.planPath = planPath
        self.teamPath = teamPath
        self.originalText = originalText
        self.profileText = profileText
        self.source = source
        self.adaptedText = adaptedText
        self.changes = changes
    }

    public init(result: GroundedResult, teamPath: String, profileText: String) {
        self.init(command: result.command, planPath: result.planPath, teamPath: teamPath, originalText: result.originalText,
                  profileText: profileText, source: result.shown.source, adaptedText: result.shown.text,
                  changes: result.shown.changes)
    }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ text: String) -> StoredAdaptation? {
        try? JSONDecoder().decode(StoredAdaptation.self, from: Data(text.utf8))
    }
}

extension GroundedResult {
    /// A stored refine, propose or fit run rebuilt for re-rendering. The planner is deterministic, so a
    /// fit run comes back whole. A refine or propose run keeps its plan and listed changes but not the
    /// model's outcome (rounds, tokens, risks, questions, note): those are absent and `restoredNote`
    /// says so.
    public static func restored(_ stored: StoredAdaptation, profile: TeamProfile) throws -> GroundedResult {
        let original = try PlanParser().parse(stored.originalText, file: stored.planPath)
        let planner = Planner().plan(original, profile: profile)
        if stored.command == "fit" {
            return try .fit(planPath: stored.planPath, originalText: stored.originalText, original: original, profile: profile, planner: planner)
        }
        let before = RuleEngine(profile: profile).check(original)
        let shown = Adaptation(source: stored.source, text: stored.adaptedText, original: original, profile: profile,
                               changes: stored.changes, risks: [], questions: [], note: nil)
        var result = GroundedResult(command: stored.command, asHandle: nil, concern: nil, planPath: stored.planPath, profile: profile,
                                    originalText: stored.originalText, original: original, before: before, shown: shown, model: nil,
                                    fallbackReason: nil, planner: planner,
                                    grounding: Grounding(errorsBefore: before.count(.error), shown: shown, planner: planner),
                                    verdict: RefineOutcome.verdict(before: before.findings, after: shown.findings))
        result.restoredNote = "Re-rendered from the stored \(stored.command) run: its plan and listed changes are shown as the \(stored.source == .planner ? "planner" : "model") gave them; the model's rounds, token counts, risks, questions\(stored.command == "propose" ? ", note" : "") and the fallback reason are not stored, so they are missing here."
        return result
    }
}

/// Builds a plan from an original and a chosen subset of a `ChangeLedger`'s entries, task by task: a
/// chosen modification replaces the task's line, a chosen removal deletes it, a chosen addition is
/// inserted after the task it follows in the adapted plan. Unchosen changes leave the original's lines
/// as they are, so picking can never lose a task. Pure.
public struct SelectiveApply: Sendable {
    public let original: Plan
    public let adapted: Plan
    public let ledger: ChangeLedger

    public init(original: Plan, adapted: Plan, ledger: ChangeLedger) {
        self.original = original
        self.adapted = adapted
        self.ledger = ledger
    }

    public func apply(numbers chosen: Set<Int>) -> String {
        let matched = ledger.sharedTasks
        let newline = original.lines.first?.hasSuffix("\r\n") == true ? "\r\n" : "\n"
        var replaced: [Int: String] = [:]
        var deleted: Set<Int> = []
        var inserted: [Int: [String]] = [:]

        func sectionPath(_ plan: Plan, _ task: PlanTask) -> [String] {
            plan.sections.first { $0.index == task.sectionIndex }?.path ?? []
        }
        /// The original line a new task goes after: the task before it in the adapted plan when that one
        /// is in the same section, else the last line of the same section in the original, else the end.
        func anchor(for task: PlanTask) -> Int {
            let path = sectionPath(adapted, task)
            if let previous = adapted.tasks.last(where: { $0.line < task.line && matched[$0.line] != nil }),
               sectionPath(adapted, previous) == path, let old = matched[previous.line] {
                return old
            }
            if let section = original.sections.first(where: { $0.path == path && $0.level > 0 }) {
                let last = original.tasks.filter { $0.sectionIndex == section.index }.map(\.line).max()
                return last ?? section.line
            }
            return original.lines.count
        }
        for entry in ledger.entries where chosen.contains(entry.number) {
            switch entry.kind {
            case .modified:
                guard let old = entry.oldTask, let new = entry.newTask else { continue }
                if entry.fields.contains(where: { $0.field == .section }) {
                    deleted.insert(old.line)
                    inserted[anchor(for: new), default: []].append(new.text)
                } else {
                    replaced[old.line] = new.text
                }
            case .removed:
                if let old = entry.oldTask { deleted.insert(old.line) }
            case .added:
                if let new = entry.newTask { inserted[anchor(for: new), default: []].append(new.text) }
            }
        }
        var out = ""
        func emit(_ content: String) {
            if !out.isEmpty && !out.hasSuffix("\n") { out += newline }
            out += content + newline
        }
        for (offset, line) in original.lines.enumerated() {
            let number = offset + 1
            if !deleted.contains(number) {
                if let text = replaced[number] {
                    out += text + String(line.dropFirst(PlanParser.stripTerminator(line).count))
                } else {
                    out += line
                }
            }
            for text in inserted[number] ?? [] { emit(text) }
        }
        return out
    }
}
