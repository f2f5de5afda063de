import Foundation
import Testing
@testable import PlanfitKit

/// Against cassettes written from Ollama's documented formats (fixtures/cassettes/ollama).
@Suite struct OllamaBackendTests {
    func fixtures() throws -> ReplayTransport { ReplayTransport(library: try fixtureLibrary("ollama")) }

    @Test func connectDetectsOllamaAndTheOnlyModel() async throws {
        let settings = ModelServerSettings(server: URL(string: "http://127.0.0.1:11434")!)
        let client = try await ModelClient.connect(settings: settings, transport: try fixtures(), retry: instantRetry())
        #expect(client.api == .ollama)
        #expect(client.model == "llama3.2:latest")
        #expect(client.serverVersion == "0.5.7")
        #expect(client.modelDigest == "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72")
    }

    @Test func modelNameMatchesWithoutLatestTag() async throws {
        let settings = ModelServerSettings(server: URL(string: "http://localhost:11434")!, api: .ollama, model: "llama3.2")
        let client = try await ModelClient.connect(settings: settings, transport: try fixtures(), retry: instantRetry())
        #expect(client.model == "llama3.2:latest")
    }

    @Test func streamsNDJSONWithFinalCounters() async throws {
        let request = ChatRequest(messages: [.system("You are a planning assistant."), .user("Say hello to the team.")],
                                  temperature: 0, seed: 42)
        let seen = Collected<String>()
        let result = try await ollamaClient(try fixtures()).chat(request) { seen.append($0) }
        #expect(result.text == "Hello, team! Café ☕ time — let’s plan.")
        #expect(seen.all.count == 12)
        #expect(result.finishReason == .stop)
        #expect(result.promptTokens == 26)
        #expect(result.completionTokens == 12)
        #expect(result.timings["prompt_ms"] == 342.546)
        #expect(result.timings["total_ms"] == 4883.583458)
        #expect(result.modelID == "llama3.2:latest")
    }

    @Test func structuredOutputSendsTheSchemaAsFormat() async throws {
        let schema: JSONValue = ["type": "object", "properties": ["age": ["type": "integer"], "available": ["type": "boolean"]],
                                 "required": ["age", "available"]]
        let request = ChatRequest(messages: [.user("Ollama is 22 years old and busy saving the world. Return a JSON object with the age and availability.")],
                                  temperature: 0, responseSchema: schema)
        let client = ollamaClient(try fixtures())
        #expect(client.canonicalRequestBody(request)["format"] == schema)
        let result = try await client.chat(request)
        #expect(try JSONValue.parse(result.text) == ["age": 22, "available": false])
    }

    @Test func doneReasonLengthIsReported() async throws {
        let request = ChatRequest(messages: [.user("Write a long story about a team.")], maxTokens: 8, contextSize: 2048)
        let client = ollamaClient(try fixtures())
        #expect(client.canonicalRequestBody(request)["options"] == ["num_predict": 8, "num_ctx": 2048])
        let result = try await client.chat(request)
        #expect(result.finishReason == .length)
        #expect(result.completionTokens == 8)
    }

    @Test func missingModelSaysToPullIt() async throws {
        let client = ollamaClient(try fixtures(), model: "llama9")
        let error = await modelServerError { _ = try await client.chat(ChatRequest(messages: [.user("Hello!")])) }
        #expect(error?.description.contains("run `ollama pull llama9`") == true)
        #expect(error?.exitStatus == .unavailable)
        let settings = ModelServerSettings(server: URL(string: "http://127.0.0.1:11434")!, model: "qwen2.5")
        let listed = await modelServerError {
            _ = try await ModelClient.connect(settings: settings, transport: try fixtures(), retry: instantRetry())
        }
        #expect(listed == .modelNotFound(model: "qwen2.5", api: .ollama, server: "http://127.0.0.1:11434", available: ["llama3.2:latest"]))
    }

    @Test func midStreamErrorLineAndMissingDoneAreErrors() async {
        let request = ChatRequest(messages: [.user("x")])
        let body = OllamaBackend.requestBody(request, model: "llama3.2:latest")
        let first = #"{"model":"llama3.2:latest","created_at":"2024-12-07T10:15:24Z","message":{"role":"assistant","content":"Hi"},"done":false}"# + "\n"
        let failing = replaying([exchange(OllamaBackend.chatPath, body: body, contentType: "application/x-ndjson",
                                          [first, #"{"error":"an error was encountered while running the model: unexpected EOF"}"# + "\n"])])
        let error = await modelServerError { _ = try await ollamaClient(failing).chat(request) }
        #expect(error == .streamError(server: "http://127.0.0.1:11434", message: "an error was encountered while running the model: unexpected EOF"))
        let cut = replaying([exchange(OllamaBackend.chatPath, body: body, contentType: "application/x-ndjson", [first])])
        let early = await modelServerError { _ = try await ollamaClient(cut).chat(request) }
        #expect(early == .streamEndedEarly(server: "http://127.0.0.1:11434", receivedText: 2))
        let garbage = replaying([exchange(OllamaBackend.chatPath, body: body, contentType: "application/x-ndjson", ["{\"model\":1}\n"])])
        let shape = await modelServerError { _ = try await ollamaClient(garbage).chat(request) }
        guard case .malformedResponse = shape else { Issue.record("got \(String(describing: shape))"); return }
    }

    @Test func doctorReportsVersionModelsAndContext() async throws {
        let settings = ModelServerSettings(server: URL(string: "http://127.0.0.1:11434")!)
        let report = await ModelServerDoctor.diagnose(settings: settings, transport: try fixtures())
        #expect(report.exitStatus == .success)
        let text = report.render()
        #expect(text.contains("ollama"))
        #expect(text.contains("0.5.7"))
        #expect(text.contains("llama3.2:latest"))
        #expect(text.contains("131072 tokens"))
    }
}
