import Foundation
import Testing
@testable import PlanfitKit

@Suite struct OpenAIBackendTests {
    let request = ChatRequest(messages: [.system("Plan."), .user("Hi")], temperature: 0, seed: 7, maxTokens: 64)

    func body(_ request: ChatRequest, model: String = "smollm2") -> JSONValue {
        OpenAIBackend.requestBody(request, model: model)
    }

    @Test func requestBodyCarriesSamplingSchemaAndStreaming() {
        var r = request
        r.responseSchema = ["type": "object"]
        r.contextSize = 4096
        let b = body(r)
        #expect(b["stream"] == true)
        #expect(b["seed"] == 7)
        #expect(b["temperature"] == 0)
        #expect(b["max_tokens"] == 64)
        #expect(b["response_format"]?["type"] == "json_schema")
        #expect(b["response_format"]?["json_schema"]?["schema"] == ["type": "object"])
        #expect(b["num_ctx"] == nil && b["options"] == nil, "OpenAI servers fix the context at start-up")
        #expect(openAIClient(TrapTransport()).canonicalRequestBody(r) == b)
    }

    @Test func streamsTextWithUsageAndTimings() async throws {
        let pieces = ["Hel", "lo, ", "Grüße ☕", "!"]
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), contentType: "text/event-stream",
                                            [": ping\n\n"] + sseStream(pieces))])
        let seen = Collected<String>()
        let result = try await openAIClient(transport).chat(request) { seen.append($0) }
        #expect(result.text == "Hello, Grüße ☕!")
        #expect(seen.all == pieces)
        #expect(result.finishReason == .stop)
        #expect(result.promptTokens == 12)
        #expect(result.completionTokens == 4)
        #expect(result.timings["predicted_ms"] == 100.25)
        #expect(result.modelID == "smollm2")
    }

    @Test func lengthIsAResultNotAnError() async throws {
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), contentType: "text/event-stream",
                                            sseStream(["{\"a\":", "[1,1,1"], finish: "length"))])
        let client = openAIClient(transport)
        let result = try await client.chat(request)
        #expect(result.finishReason == .length)
        let error = client.truncationError(for: result, maxTokens: 64)
        #expect(error.exitStatus == .dataError)
        #expect(error.description.contains("cut off at max_tokens (64)"))
    }

    @Test func aServerThatIgnoresStreamingStillWorks() async throws {
        let completion: JSONValue = ["model": "smollm2", "choices": [["index": 0, "finish_reason": "stop",
                                     "message": ["role": "assistant", "content": "Whole answer"]]],
                                     "usage": ["prompt_tokens": 5, "completion_tokens": 2]]
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), [completion.canonicalText])])
        let result = try await openAIClient(transport).chat(request)
        #expect(result.text == "Whole answer")
        #expect(result.completionTokens == 2)
    }

    @Test func streamWithoutDoneIsAnError() async {
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), contentType: "text/event-stream",
                                            sseStream(["partial"], done: false).dropLast())])
        let error = await modelServerError { _ = try await openAIClient(transport).chat(request) }
        #expect(error == .streamEndedEarly(server: "http://127.0.0.1:8091", receivedText: 7))
        #expect(error?.exitStatus == .temporaryFailure)
    }

    @Test func midStreamErrorEventsAreReported() async {
        for errorEvent in ["data: {\"error\":{\"code\":500,\"message\":\"slot crashed\",\"type\":\"server_error\"}}\n\n",
                           "error: {\"code\":500,\"message\":\"slot crashed\",\"type\":\"server_error\"}\n\n"] {
            let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), contentType: "text/event-stream",
                                                Array(sseStream(["Hi"]).prefix(1)) + [errorEvent])])
            let error = await modelServerError { _ = try await openAIClient(transport).chat(request) }
            #expect(error == .streamError(server: "http://127.0.0.1:8091", message: "slot crashed"))
        }
    }

    @Test func nonJSONAndWrongShapeBodiesAreMalformed() async {
        for chunks in [["data: <html>oops</html>\n\n"], ["data: {\"id\":1}\n\n"]] {
            let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), contentType: "text/event-stream", chunks)])
            let error = await modelServerError { _ = try await openAIClient(transport).chat(request) }
            guard case .malformedResponse = error else { Issue.record("got \(String(describing: error))"); continue }
            #expect(error?.exitStatus == .unavailable)
        }
        let html = replaying([exchange(OpenAIBackend.chatPath, body: body(request), ["<html>not a model server</html>"])])
        let error = await modelServerError { _ = try await openAIClient(html).chat(request) }
        guard case .malformedResponse(_, _, let reason, let snippet) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("not JSON"))
        #expect(snippet.contains("<html>"))
    }

    @Test func llamaCppContextOverflowNamesBothNumbers() async {
        let overflow = #"{"error":{"code":400,"message":"request (9031 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9031,"n_ctx":4096}}"#
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), status: 400, [overflow])])
        let error = await modelServerError { _ = try await openAIClient(transport).chat(request) }
        guard case .contextOverflow(_, 9031, 4096, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.exitStatus == .dataError)
        #expect(error?.description.contains("the prompt is 9031 tokens but the context holds 4096") == true)
    }

    @Test func vllmOlderErrorShapeIsUnderstood() async {
        let vllm = #"{"object":"error","message":"This model's maximum context length is 2048 tokens. However, you requested 3000 tokens (2900 in the messages, 100 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}"#
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), status: 400, [vllm])])
        let error = await modelServerError { _ = try await openAIClient(transport).chat(request) }
        guard case .contextOverflow(_, 3000, 2048, _) = error else { Issue.record("got \(String(describing: error))"); return }
        let rejected = replaying([exchange(OpenAIBackend.chatPath, body: body(request), status: 400,
                                           [#"{"object":"error","message":"temperature must be >= 0","type":"BadRequestError","code":400}"#])])
        let other = await modelServerError { _ = try await openAIClient(rejected).chat(request) }
        #expect(other == .requestRejected(server: "http://127.0.0.1:8091", status: 400, message: "temperature must be >= 0"))
    }

    @Test func loadingServerIsWaitedForWithBackoff() async throws {
        let loading = #"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#
        let transport = replaying([
            exchange(OpenAIBackend.chatPath, body: body(request), status: 503, [loading]),
            exchange(OpenAIBackend.chatPath, body: body(request), status: 503, [loading]),
            exchange(OpenAIBackend.chatPath, body: body(request), contentType: "text/event-stream", sseStream(["ok"])),
        ])
        let delays = Collected<Double>()
        let result = try await openAIClient(transport, retry: instantRetry(delays)).chat(request)
        #expect(result.text == "ok")
        #expect(delays.all == [0.5, 1.0])
    }

    @Test func loadingForeverGivesUpAfterTheBound() async {
        let loading = #"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), status: 503, [loading])])
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
        guard case .serverStillLoading(_, let waited) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(waited <= 10)
        #expect(delays.all == [0.5, 1, 2, 4])
        #expect(error?.exitStatus == .temporaryFailure)
    }

    @Test func busyAndFailingServersAreRetriedABoundedNumberOfTimes() async {
        for status in [429, 502] {
            let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), status: status,
                                                [#"{"error":{"message":"too many requests"}}"#])])
            let delays = Collected<Double>()
            let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
            #expect(error == .serverFailed(server: "http://127.0.0.1:8091", status: status, message: "too many requests", attempts: 4))
            #expect(delays.all.count == 3)
        }
    }

    @Test func unauthorizedSaysWhichVariableToSet() async {
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: body(request), status: 401,
                                            [#"{"error":{"message":"Invalid API Key","type":"authentication_error"}}"#])])
        let error = await modelServerError { _ = try await openAIClient(transport).chat(request) }
        #expect(error?.description.contains("OPENAI_API_KEY") == true)
        #expect(error?.exitStatus == .unavailable)
    }

    @Test func apiKeyIsSentAsBearer() {
        let connection = ServerConnection(baseURL: testServer, transport: TrapTransport(), apiKey: "sk-test-123")
        #expect(connection.request("GET", "/v1/models").headers["Authorization"] == "Bearer sk-test-123")
    }
}
