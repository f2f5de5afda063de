import Testing
@testable import PlanfitKit

/// Issue 11, item 3: Ollama keeps one model loaded through a batch. Every `/api/chat` carries
/// `keep_alive`, and a run asks for one `num_ctx` from a few fixed sizes, so neither a repair round nor
/// the next plan of a batch makes Ollama reload the model with another context size.
@Suite struct OllamaResidencyTests {
    @Test func everyOllamaChatAsksToKeepTheModelLoaded() {
        let client = ollamaClient(TrapTransport())
        let body = client.canonicalRequestBody(ChatRequest(messages: [.user("hi")]))
        #expect(body["keep_alive"] == "30m")
        let openAI = openAIClient(TrapTransport()).canonicalRequestBody(ChatRequest(messages: [.user("hi")]))
        #expect(openAI["keep_alive"] == nil, "an OpenAI-compatible server is not asked")
    }

    @Test func contextSizesAreAFewFixedBuckets() {
        #expect(OllamaModelResidency.contextSize(promptCharacters: 5_000, maxTokens: 64) == 8192)
        #expect(OllamaModelResidency.contextSize(promptCharacters: 12_000, maxTokens: 4096) == 8192)
        #expect(OllamaModelResidency.contextSize(promptCharacters: 13_000, maxTokens: 4096) == 16384)
        #expect(OllamaModelResidency.contextSize(promptCharacters: 12_000, maxTokens: 4096, repairRounds: 2,
                                                 repairRoundCharacters: 10_240) == 16384)
        #expect(OllamaModelResidency.contextSize(promptCharacters: 60_000, maxTokens: 8192) == 32768)
        #expect(OllamaModelResidency.contextSize(promptCharacters: 500_000, maxTokens: 4096) == 32768, "capped")
    }

    @Test func everyRoundOfARunAsksForTheSameContext() async throws {
        // Two answers that need repairs, then a good one: three requests whose prompts grow.
        let model = ScriptedChatModel(texts: ["not JSON", "still not JSON", RefineFixtures.answer(RefineFixtures.fittedText)])
        _ = try await runEngine(try RefineFixtures.job(maxRepairs: 2), model)
        let requests = model.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map(\.contextSize)).count == 1)
        #expect(requests[2].messages.count > requests[0].messages.count)
        let needed = requests[2].messages.reduce(0) { $0 + $1.content.count } / 3 + 4096
        #expect((requests[0].contextSize ?? 0) >= needed, "the first round's size has room for the repair rounds")
    }

    @Test func plansOfSimilarSizeShareOneContext() throws {
        let short = try RefineEngine(job: try RefineFixtures.job(planText: RefineFixtures.fittedText)).prepare()
        let long = try RefineEngine(job: try RefineFixtures.job(planText: RefineFixtures.originalText)).prepare()
        #expect(short.messages.reduce(0) { $0 + $1.content.count } != long.messages.reduce(0) { $0 + $1.content.count })
        #expect(short.request.contextSize == long.request.contextSize)
    }
}
