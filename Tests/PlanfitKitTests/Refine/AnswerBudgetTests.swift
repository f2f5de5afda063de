import Testing
@testable import PlanfitKit

/// The schema's bounds keep the longest allowed answer within the token limit, so a grammar-enforcing
/// server makes even a looping small model finish its JSON.
@Suite struct AnswerBudgetTests {
    // Below about 1,000 tokens the floors (a 1,000-character plan, 3 changes) take over.
    @Test(arguments: [1024, 2048, 4096, 8192])
    func theLongestAllowedAnswerFitsTheTokenLimit(maxTokens: Int) {
        let b = AnswerSchema.Budget(planCharacters: 1400, maxTokens: maxTokens)
        let longest = b.planLength + b.changes * (AnswerSchema.Budget.taskLength + AnswerSchema.Budget.reasonLength + 40)
            + 2 * b.listItems * (AnswerSchema.Budget.itemLength + 4) + b.noteLength + 200
        #expect(longest <= maxTokens * 3 + 1200, "\(longest) characters for \(maxTokens) tokens")
        #expect(b.changes >= 3 && b.listItems >= 2 && b.planLength >= 1000)
    }

    @Test func thePlanMayGrowToTwiceTheOriginalWhenTheBudgetAllows() {
        #expect(AnswerSchema.Budget(planCharacters: 1000, maxTokens: 8192).planLength == 2500)
        #expect(AnswerSchema.Budget(planCharacters: 100_000, maxTokens: 2048).planLength == 2048 * 3 * 55 / 100)
    }
}
