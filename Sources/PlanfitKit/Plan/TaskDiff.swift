/// What changed between two versions of a plan, task by task: added, removed, modified (owner,
/// estimate, tags, due date, title) and moved between sections. Tasks are matched across versions by
/// title similarity, so a reworded title is a modification, not a removal plus an addition.
public struct TaskDiff: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public enum Field: String, Sendable { case title, owners, estimate, tags, due, dependencies, section }
        public var field: Field
        public var old: String
        public var new: String
    }

    public struct Pair: Sendable, Equatable {
        public var old: PlanTask
        public var new: PlanTask
        public var oldSection: String
        public var newSection: String
        public var changes: [Change]
    }

    public struct Entry: Sendable, Equatable {
        public var task: PlanTask
        public var section: String
    }

    public var added: [Entry]
    public var removed: [Entry]
    /// Matched tasks with at least one change (a move counts: it is a `section` change).
    public var modified: [Pair]

    public var moved: [Pair] { modified.filter { $0.changes.contains { $0.field == .section } } }
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && modified.isEmpty }

    /// Titles at least this similar (0...1) may be the same task.
    public static let matchThreshold = 0.5

    public init(old: Plan, new: Plan) {
        let oldTasks = old.tasks, newTasks = new.tasks
        var oldMatched = [Int?](repeating: nil, count: oldTasks.count)
        var newMatched = [Bool](repeating: false, count: newTasks.count)

        // Exact (normalised) titles first, in order, so duplicates pair up predictably.
        var byTitle: [String: [Int]] = [:]
        for (j, task) in newTasks.enumerated() { byTitle[TitleSimilarity.normalise(task.title), default: []].append(j) }
        for (i, task) in oldTasks.enumerated() {
            let key = TitleSimilarity.normalise(task.title)
            if var candidates = byTitle[key], !candidates.isEmpty {
                let j = candidates.removeFirst()
                byTitle[key] = candidates
                oldMatched[i] = j
                newMatched[j] = true
            }
        }
        // Then the most similar remaining pairs, best first.
        var scored: [(score: Double, i: Int, j: Int)] = []
        let oldTokens = oldTasks.map { TitleSimilarity.tokens($0.title) }
        let newTokens = newTasks.map { TitleSimilarity.tokens($0.title) }
        for i in oldTasks.indices where oldMatched[i] == nil {
            for j in newTasks.indices where !newMatched[j] {
                let score = TitleSimilarity.score(oldTokens[i], newTokens[j])
                if score >= Self.matchThreshold { scored.append((score, i, j)) }
            }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : ($0.i, $0.j) < ($1.i, $1.j) }
        for candidate in scored where oldMatched[candidate.i] == nil && !newMatched[candidate.j] {
            oldMatched[candidate.i] = candidate.j
            newMatched[candidate.j] = true
        }

        func sectionName(_ plan: Plan, _ task: PlanTask) -> String {
            plan.sections.first { $0.index == task.sectionIndex }.map { $0.path.joined(separator: " › ") } ?? ""
        }
        var modified: [Pair] = []
        var removed: [Entry] = []
        for (i, task) in oldTasks.enumerated() {
            guard let j = oldMatched[i] else {
                removed.append(Entry(task: task, section: sectionName(old, task)))
                continue
            }
            let other = newTasks[j]
            let pair = Pair(old: task, new: other, oldSection: sectionName(old, task), newSection: sectionName(new, other),
                            changes: [])
            let changes = Self.changes(pair)
            if !changes.isEmpty {
                var p = pair
                p.changes = changes
                modified.append(p)
            }
        }
        self.removed = removed
        self.modified = modified.sorted { $0.new.line < $1.new.line }
        self.added = newTasks.indices.filter { !newMatched[$0] }.map { Entry(task: newTasks[$0], section: sectionName(new, newTasks[$0])) }
    }

    static func changes(_ pair: Pair) -> [Change] {
        let a = pair.old, b = pair.new
        var changes: [Change] = []
        func add(_ field: Change.Field, _ old: String, _ new: String) {
            if old != new { changes.append(Change(field: field, old: old, new: new)) }
        }
        add(.title, a.title, b.title)
        add(.owners, Self.describeOwners(a.owners), Self.describeOwners(b.owners))
        add(.estimate, a.estimate?.description ?? "none", b.estimate?.description ?? "none")
        add(.tags, Self.describeTags(a.tags), Self.describeTags(b.tags))
        add(.due, a.due?.description ?? "none", b.due?.description ?? "none")
        add(.dependencies, a.dependencies.isEmpty ? "none" : a.dependencies.joined(separator: "; "),
            b.dependencies.isEmpty ? "none" : b.dependencies.joined(separator: "; "))
        add(.section, pair.oldSection, pair.newSection)
        return changes
    }

    static func describeOwners(_ owners: [String]) -> String {
        owners.isEmpty ? "none" : owners.sorted().map { "@\($0)" }.joined(separator: " ")
    }

    static func describeTags(_ tags: [TaskTag]) -> String {
        tags.isEmpty ? "none" : tags.map { "#\($0)" }.sorted().joined(separator: " ")
    }
}

/// Title similarity for matching tasks: Dice coefficient over word tokens and character trigrams,
/// so "Build the payment API" matches "Build payment intent API in Go" but not "Write the runbook".
enum TitleSimilarity {
    struct Tokens {
        var words: Set<String>
        var trigrams: Set<String>
    }

    static let stopWords: Set<String> = ["the", "a", "an", "and", "or", "of", "to", "for", "in", "on", "with", "by", "at"]

    /// Lower case, every run of characters that are not letters, marks or digits one space, trimmed.
    static func normalise(_ title: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isAlphanumeric {
                if pendingSpace, !scalars.isEmpty { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(scalars)
    }

    static func tokens(_ title: String) -> Tokens {
        let text = normalise(title)
        let words = Set(text.split(separator: " ").map(String.init).filter { !stopWords.contains($0) })
        let padded = " \(text) "
        var trigrams: Set<String> = []
        if padded.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: each byte is one character, so byte trigrams are the character trigrams, without
            // breaking the text into grapheme clusters (most of the cost on long plans).
            let bytes = Array(padded.utf8)
            if bytes.count >= 3 { for k in 0...(bytes.count - 3) { trigrams.insert(String(decoding: bytes[k..<k + 3], as: UTF8.self)) } }
        } else {
            let chars = Array(padded)
            if chars.count >= 3 { for k in 0...(chars.count - 3) { trigrams.insert(String(chars[k..<k + 3])) } }
        }
        return Tokens(words: words, trigrams: trigrams)
    }

    static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    static func score(_ a: Tokens, _ b: Tokens) -> Double {
        0.5 * dice(a.words, b.words) + 0.5 * dice(a.trigrams, b.trigrams)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
