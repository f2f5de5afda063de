import Testing
@testable import PlanfitKit

@Suite struct AnswerSchemaTests {
    /// The problems become the repair turn, which is part of recorded cassettes and must be the same
    /// bytes in every process. With eight wrong properties, an unordered walk would almost never
    /// happen to come out sorted.
    @Test func problemsComeInAStableOrder() {
        let names = ["h", "c", "a", "g", "e", "b", "f", "d"]
        let schema: JSONValue = ["type": "object",
                                 "properties": .object(Dictionary(uniqueKeysWithValues: names.map { ($0, ["type": "string"]) })),
                                 "required": ["z", "y"]]
        let value: JSONValue = .object(Dictionary(uniqueKeysWithValues: names.map { ($0, .int(1)) }))
        #expect(AnswerSchema.validate(value, against: schema) == ["$.z is missing", "$.y is missing"]
            + names.sorted().map { "$.\($0) must be a string, found a number" })
    }

    @Test func theRefineAnswerSchemaAcceptsAGoodAnswerAndNamesEachBadPath() {
        let schema = AnswerSchema.schema(includeNote: false)
        let good: JSONValue = ["plan": "# P\n", "changes": [["task": "t", "kind": "drop", "reason": "r"]], "risks": [], "questions": []]
        #expect(AnswerSchema.validate(good, against: schema).isEmpty)
        #expect(AnswerSchema.validate(good, against: AnswerSchema.schema(includeNote: true)) == ["$.note is missing"])
        let bad: JSONValue = ["plan": "# P\n", "changes": [["task": "t", "kind": "delete"]], "risks": [3], "questions": []]
        #expect(AnswerSchema.validate(bad, against: schema) == [
            "$.changes[0].reason is missing",
            "$.changes[0].kind must be one of reassign, assign, add-owner, move-due, defer, re-estimate, reschedule, split, merge, drop, add, retag, reorder, other, found a string",
            "$.risks[0] must be a string, found a number",
        ])
        #expect(AnswerSchema.validate("text", against: schema) == ["$ must be an object, found a string"])
    }
}
