/// The model's structured answer, decoded after it passed `AnswerSchema.validate`.
public struct RefineAnswer: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public var task: String
        public var kind: String
        public var reason: String

        public init(task: String, kind: String, reason: String) {
            self.task = task
            self.kind = kind
            self.reason = reason
        }
    }

    public var plan: String
    public var changes: [Change]
    public var risks: [String]
    public var questions: [String]
    /// The note to the plan's author (`propose` only).
    public var note: String?

    public init(plan: String, changes: [Change], risks: [String], questions: [String], note: String? = nil) {
        self.plan = plan
        self.changes = changes
        self.risks = risks
        self.questions = questions
        self.note = note
    }

    /// Reads a validated answer object.
    init(json: JSONValue) {
        plan = json["plan"]?.stringValue ?? ""
        changes = (json["changes"]?.arrayValue ?? []).map {
            Change(task: $0["task"]?.stringValue ?? "", kind: $0["kind"]?.stringValue ?? "", reason: $0["reason"]?.stringValue ?? "")
        }
        risks = (json["risks"]?.arrayValue ?? []).compactMap(\.stringValue)
        questions = (json["questions"]?.arrayValue ?? []).compactMap(\.stringValue)
        note = json["note"]?.stringValue
    }

    /// The JSON object inside a reply: the whole text, or the first `{`..last `}` when a model wraps it
    /// in prose or a code fence despite being told not to.
    static func extractJSON(_ text: String) -> String {
        let trimmed = text.trimmingSpaces().trimmedWhitespaceAndNewlines
        if trimmed.hasPrefix("{") { return trimmed }
        guard let open = trimmed.firstIndex(of: "{"), let close = trimmed.lastIndex(of: "}"), open < close else { return trimmed }
        return String(trimmed[open...close])
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
