/// Every task-level difference between an original plan and an adapted one, each matched with the
/// listed change that explains it. What no listed change explains, what was listed but never happened,
/// and every estimate that went down without a re-estimate become accountability findings: a plan is
/// only as trustworthy as the account of how it changed.
///
/// The entries are numbered in the original's order; `planfit apply` picks changes by these numbers.
public struct ChangeLedger: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable, Codable { case modified, added, removed }
        /// 1-based.
        public var number: Int
        public var kind: Kind
        public var oldTask: PlanTask?
        public var newTask: PlanTask?
        /// What changed on a modified task.
        public var fields: [TaskDiff.Change]
        /// The listed change that explains it, when one does.
        public var explanation: RefineAnswer.Change?
        /// Hours before and after, when the estimate went down without a re-estimate.
        public var estimateCut: (before: Double, after: Double?)?

        public var title: String { newTask?.title ?? oldTask?.title ?? "" }
        public var isListed: Bool { explanation != nil }

        public static func == (a: Entry, b: Entry) -> Bool {
            a.number == b.number && a.kind == b.kind && a.oldTask == b.oldTask && a.newTask == b.newTask && a.fields == b.fields
                && a.explanation == b.explanation && a.estimateCut?.before == b.estimateCut?.before && a.estimateCut?.after == b.estimateCut?.after
        }

        /// "owners @ana -> @bo; due 2026-12-18 -> 2027-01-15", "added", "removed".
        public var summary: String {
            switch kind {
            case .added: return "added"
            case .removed: return "removed"
            case .modified: return fields.map { "\($0.field.rawValue) \($0.old.isEmpty ? "(top)" : $0.old) -> \($0.new.isEmpty ? "(top)" : $0.new)" }.joined(separator: "; ")
            }
        }
    }

    public var entries: [Entry]
    /// Listed changes that match no difference between the plans.
    public var phantoms: [RefineAnswer.Change]
    /// The task-level diff the entries come from (reports show it; nobody needs to diff again).
    public let diff: TaskDiff
    /// New line -> original line for every task both plans have, changed or not.
    public let sharedTasks: [Int: Int]

    public var unlisted: [Entry] { entries.filter { !$0.isListed } }
    public var estimateCuts: [Entry] { entries.filter { $0.estimateCut != nil } }
    /// Changed tasks: every entry is one task.
    public var tasksChanged: Int { entries.count }

    public init(original: Plan, adapted: Plan, changes: [RefineAnswer.Change], profile: TeamProfile) {
        let diff = TaskDiff(old: original, new: adapted)
        self.diff = diff
        let listed = changes.map { TitleSimilarity.tokens($0.task) }
        var used = [Bool](repeating: false, count: changes.count)
        func explanation(_ titles: [String]) -> RefineAnswer.Change? {
            var best: (score: Double, index: Int)?
            for title in Set(titles).sorted() {
                let tokens = TitleSimilarity.tokens(title)
                for (k, change) in listed.enumerated() {
                    let score = TitleSimilarity.score(change, tokens)
                    if score >= TaskDiff.matchThreshold, best == nil || score > best!.score || (score == best!.score && k < best!.index) {
                        best = (score, k)
                    }
                }
            }
            guard let best else { return nil }
            used[best.index] = true
            return changes[best.index]
        }
        // The original line each new task follows, so additions sort where they appear.
        var anchor: [Int: Int] = [:]
        var lastOld = 0
        let matchedNew = Dictionary(diff.modified.map { ($0.new.line, $0.old.line) }, uniquingKeysWith: { a, _ in a })
        sharedTasks = Self.unchangedPairs(original: original, adapted: adapted, diff: diff).merging(matchedNew) { _, modified in modified }
        for task in adapted.tasks {
            if let old = sharedTasks[task.line] { lastOld = old } else { anchor[task.line] = lastOld }
        }
        var raw: [(key: (Int, Int), entry: Entry)] = []
        for pair in diff.modified {
            var entry = Entry(number: 0, kind: .modified, oldTask: pair.old, newTask: pair.new, fields: pair.changes,
                              explanation: explanation([pair.old.title, pair.new.title]), estimateCut: nil)
            let before = pair.old.estimate.map { $0.hours(in: profile) }
            let after = pair.new.estimate.map { $0.hours(in: profile) }
            if let before, after.map({ $0 < before - 1e-9 }) ?? true {
                let kind = entry.explanation?.kind.lowercased().replacingAll("_", with: "-") ?? ""
                let reason = entry.explanation?.reason.trimmedWhitespaceAndNewlines ?? ""
                if !(["re-estimate", "reestimate"].contains(kind) && !reason.isEmpty) { entry.estimateCut = (before, after) }
            }
            raw.append(((pair.old.line, 0), entry))
        }
        for removed in diff.removed {
            raw.append(((removed.task.line, 0), Entry(number: 0, kind: .removed, oldTask: removed.task, newTask: nil, fields: [],
                                                     explanation: explanation([removed.task.title]), estimateCut: nil)))
        }
        for added in diff.added {
            raw.append(((anchor[added.task.line] ?? 0, added.task.line), Entry(number: 0, kind: .added, oldTask: nil, newTask: added.task,
                                                                               fields: [], explanation: explanation([added.task.title]), estimateCut: nil)))
        }
        raw.sort { $0.key < $1.key }
        entries = raw.enumerated().map { index, item in
            var entry = item.entry
            entry.number = index + 1
            return entry
        }
        phantoms = changes.indices.filter { !used[$0] }.map { changes[$0] }
    }

    /// New line -> old line for tasks that match and did not change (TaskDiff lists only changed ones).
    static func unchangedPairs(original: Plan, adapted: Plan, diff: TaskDiff) -> [Int: Int] {
        let changedNew = Set(diff.modified.map(\.new.line) + diff.added.map(\.task.line))
        let changedOld = Set(diff.modified.map(\.old.line) + diff.removed.map(\.task.line))
        let olds = original.tasks.filter { !changedOld.contains($0.line) }
        let news = adapted.tasks.filter { !changedNew.contains($0.line) }
        // Unchanged tasks keep their relative order: pair them in order.
        return Dictionary(zip(news.map(\.line), olds.map(\.line)), uniquingKeysWith: { a, _ in a })
    }

    /// The accountability findings: unlisted changes, phantom changes, estimate cuts.
    public var findings: [Finding] {
        var out: [Finding] = []
        for entry in entries where !entry.isListed {
            let line = entry.newTask?.line ?? entry.oldTask?.line
            let what: String
            switch entry.kind {
            case .modified: what = "was changed (\(entry.summary))"
            case .added: what = "was added"
            case .removed: what = "was removed"
            }
            out.append(Finding(rule: .unlistedChange,
                               message: "'\(entry.title)' \(what), but no entry in \"changes\" explains it; list it with its reason, or undo it",
                               line: line, task: entry.title))
        }
        for phantom in phantoms {
            out.append(Finding(rule: .phantomChange,
                               message: "\"changes\" lists '\(phantom.task)' (\(phantom.kind)), but the plan does not change that task; make the change or remove it from \"changes\"",
                               line: nil, task: phantom.task))
        }
        for entry in entries {
            guard let cut = entry.estimateCut, let old = entry.oldTask else { continue }
            let after = cut.after.map { "\($0.formatted)h" } ?? "no estimate"
            let newEstimate = entry.newTask?.estimate?.description ?? "none"
            out.append(Finding(rule: .estimateCut,
                               message: "'\(entry.title)' went from \(old.estimate?.description ?? "none") to \(newEstimate) (\(cut.before.formatted)h -> \(after)) with no re-estimate; keep the estimate, or list the change with kind \"re-estimate\" and the reason",
                               line: entry.newTask?.line, task: entry.title))
        }
        return out
    }
}
