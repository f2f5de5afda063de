/// The structured answer planfit asks for, as the JSON schema sent to the server (OpenAI
/// `response_format.json_schema`, Ollama `format`), and a validator for the subset of JSON Schema it
/// uses, so a wrong-shaped answer is caught even when the server does not enforce the schema.
public enum AnswerSchema {
    /// The planner's move kinds (`PlanMove.Kind`) are among them, so a model can take its suggestions as they are.
    public static let changeKinds = ["reassign", "assign", "add-owner", "move-due", "defer", "re-estimate", "reschedule",
                                     "split", "merge", "drop", "add", "retag", "reorder", "other"]

    /// Bounds on lists and texts, sized so the longest answer the schema allows fits in `maxTokens`
    /// (at a conservative 3 characters a token). Servers that enforce the schema with a grammar
    /// (llama.cpp, Ollama) then make a small model that repeats itself close the JSON in time, instead
    /// of running into the token limit with an unusable, cut-off answer. A capable model rarely meets them.
    public struct Budget: Sendable, Equatable {
        public var planLength: Int
        public var changes: Int
        public var listItems: Int
        public var noteLength: Int
        public static let taskLength = 120, reasonLength = 240, itemLength = 200

        public init(planCharacters: Int?, maxTokens: Int?) {
            let budget = (maxTokens ?? 4096) * 3
            let planShare = budget * 55 / 100
            planLength = max(1000, min(planCharacters.map { 2 * $0 + 500 } ?? planShare, planShare))
            // Every changed task must be listed (unlisted changes are findings), so the list gets a large share.
            changes = max(3, min(40, budget * 35 / 100 / (Self.taskLength + Self.reasonLength)))
            listItems = max(2, min(8, budget * 8 / 100 / Self.itemLength))
            noteLength = max(300, min(1000, budget * 10 / 100))
        }
    }

    public static func schema(includeNote: Bool, planCharacters: Int? = nil, maxTokens: Int? = nil) -> JSONValue {
        let budget = Budget(planCharacters: planCharacters, maxTokens: maxTokens)
        let plan: JSONValue = ["type": "string", "minLength": 1, "maxLength": .int(budget.planLength)]
        func text(_ length: Int) -> JSONValue { ["type": "string", "maxLength": .int(length)] }
        var properties: [String: JSONValue] = [
            "plan": plan,
            "changes": [
                "type": "array",
                "maxItems": .int(budget.changes),
                "items": [
                    "type": "object",
                    "properties": [
                        "task": text(Budget.taskLength),
                        "kind": ["type": "string", "enum": .array(changeKinds.map { .string($0) })],
                        "reason": text(Budget.reasonLength),
                    ],
                    "required": ["task", "kind", "reason"],
                ],
            ],
            "risks": ["type": "array", "maxItems": .int(budget.listItems), "items": text(Budget.itemLength)],
            "questions": ["type": "array", "maxItems": .int(budget.listItems), "items": text(Budget.itemLength)],
        ]
        var required: [JSONValue] = ["plan", "changes", "risks", "questions"]
        if includeNote {
            properties["note"] = ["type": "string", "minLength": 1, "maxLength": .int(budget.noteLength)]
            required.append("note")
        }
        return ["type": "object", "properties": .object(properties), "required": .array(required)]
    }

    /// Problems with `value` against `schema`, each naming the JSON path: empty when it conforms.
    public static func validate(_ value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        var problems: [String] = []
        if let type = schema["type"]?.stringValue, !matches(value, type: type) {
            return ["\(path) must be \(article(type)) \(type), found \(describe(value))"]
        }
        if case .string(let text) = value {
            if let max = schema["maxLength"]?.intValue, text.count > max {
                problems.append("\(path) is \(text.count) characters long; at most \(max) are allowed")
            }
            if let min = schema["minLength"]?.intValue, text.count < min {
                problems.append("\(path) is empty")
            }
        }
        if case .array(let items) = value, let max = schema["maxItems"]?.intValue, items.count > max {
            problems.append("\(path) has \(items.count) items; at most \(max) are allowed")
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            problems.append("\(path) must be one of \(allowed.compactMap(\.stringValue).joined(separator: ", ")), found \(describe(value))")
        }
        if case .object(let members) = value {
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[key] == nil {
                problems.append("\(path).\(key) is missing")
            }
            // Sorted: dictionary order changes from process to process, and these problems become the
            // repair turn, which must be the same bytes every run (cache keys, cassettes).
            for (key, sub) in (schema["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let child = members[key] { problems += validate(child, against: sub, path: "\(path).\(key)") }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { problems += validate(item, against: itemSchema, path: "\(path)[\(i)]") }
        }
        return problems
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
             ("integer", .int), ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    static func article(_ type: String) -> String { ["object", "array", "integer"].contains(type) ? "an" : "a" }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
