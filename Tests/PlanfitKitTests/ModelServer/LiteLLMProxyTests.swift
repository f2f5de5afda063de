import FoundationEssentials
import Testing
@testable import PlanfitKit

/// Issue 11, item 4: planfit behind LiteLLM's proxy, a router in front of several model servers. The
/// folder fixtures/cassettes/litellm was recorded from a real proxy (litellm 1.108.7) routing to two real
/// llama-servers by scripts/record-litellm-cassettes; the error shapes no recording could produce on
/// demand (a backend killed in the middle of an answer) are the proxy's own, copied from a live run.
@Suite struct LiteLLMProxyTests {
    static let folder = fixturesDirectory.appendingPathComponent("litellm")

    func settings() throws -> ModelServerSettings {
        try ModelServerSettings.resolve(flags: ModelServerFlags(server: "http://127.0.0.1:9", replay: Self.folder.path),
                                        environment: ["PLANFIT_API_KEY": "sk-test"])
    }

    func connect() async throws -> ModelClient {
        let settings = try settings()
        return try await ModelClient.connect(settings: settings, transport: try settings.makeTransport(live: TrapTransport()),
                                             retry: instantRetry())
    }

    @Test func discoveryFindsTheRoutersModelByItsAlias() async throws {
        // The proxy has no Ollama route and no llama.cpp /props: it is an OpenAI-compatible server whose
        // one model is the name every backend is listed under, owned by "openai".
        let client = try await connect()
        #expect(client.api == .openai)
        #expect(client.model == "smollm2")
        #expect(client.serverVersion == nil)
        #expect(client.contextSize == nil)
        #expect(client.parallelSlots == nil, "batch then runs its default 2 plans at once unless --jobs says more")
    }

    @Test func doctorReadsTheRoutersHealthOfEachBackend() async throws {
        let settings = try settings()
        let report = await ModelServerDoctor.diagnose(settings: settings, transport: try settings.makeTransport(live: TrapTransport()))
        #expect(report.failure == nil)
        #expect(report.render().contains("ok   health   2 of 2 backends healthy (router)\n"))
        #expect(report.render().contains("ok   models   smollm2\n"))
    }

    @Test func aStreamedAnswerThroughTheProxyDecodes() async throws {
        let request = ChatRequest(messages: [.system("You are a planning assistant."), .user("Name three risks of a two-week deadline.")],
                                  temperature: 0, seed: 42, maxTokens: 32)
        let result = try await connect().chat(request)
        #expect(result.text.hasPrefix("When planning a two-week deadline, there are several risks to consider:"))
        #expect(result.finishReason == .length)
        #expect(result.promptTokens == 30)
        #expect(result.completionTokens == 32)
        #expect(result.modelID == "smollm2", "the proxy answers with the alias, not the backend's name")
    }

    @Test func theProxysContextErrorIsAContextOverflowWithItsNumbers() async throws {
        // The proxy wraps llama-server's error in its own 400 ("litellm.ContextWindowExceededError: ...");
        // the numbers are read from the message.
        let prompt = String(repeating: "Plan the sprint for the team. ", count: 900)
        let request = ChatRequest(messages: [.user(prompt)], temperature: 0, maxTokens: 16)
        let error = await modelServerError { _ = try await connect().chat(request) }
        guard case .contextOverflow(_, 6331, 4096, let message)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.hasPrefix("litellm.ContextWindowExceededError"))
        #expect(error?.exitStatus == .dataError)
    }

    // MARK: Shapes from a live run

    /// `/health` with one of two backends down (its error and stack trace shortened).
    static let oneDown = #"{"healthy_endpoints":[{"api_base":"http://127.0.0.1:8111/v1","model":"openai/smollm2","model_id":"3b2c"}],"unhealthy_endpoints":[{"api_base":"http://127.0.0.1:8112/v1","model":"openai/smollm2","error":"litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.\nstack trace: Traceback (most recent call last):\n ..."}],"healthy_count":1,"unhealthy_count":1}"#

    @Test func aRoutersHealthNamesTheFailingBackendsWithoutTheirTraces() throws {
        let health = try #require(RouterHealth.parse(Data(Self.oneDown.utf8)))
        #expect(health.summary == "1 of 2 backends healthy (router); failing: http://127.0.0.1:8112/v1")
        #expect(RouterHealth.parse(Data(#"{"status":"ok"}"#.utf8)) == nil, "llama.cpp's own /health is not a router's")
    }

    @Test func doctorFailsWhenNoBackendIsHealthy() async throws {
        let allDown = #"{"healthy_endpoints":[],"unhealthy_endpoints":[{"api_base":"http://127.0.0.1:8111/v1","error":"Connection error."},{"api_base":"http://127.0.0.1:8112/v1","error":"Connection error."}],"healthy_count":0,"unhealthy_count":2}"#
        let transport = replaying([
            exchange("GET", "/api/version", status: 404, [#"{"detail":"Not Found"}"#]),
            exchange("GET", "/v1/models", [#"{"data":[{"id":"smollm2","object":"model","created":1677610602,"owned_by":"openai"}],"object":"list"}"#]),
            exchange("GET", "/props", status: 404, [#"{"detail":"Not Found"}"#]),
            exchange("GET", "/health", [allDown]),
        ])
        let report = await ModelServerDoctor.diagnose(settings: ModelServerSettings(server: testServer), transport: transport)
        #expect(report.failure == .noHealthyBackend(server: "http://127.0.0.1:8091",
                                                    failing: ["http://127.0.0.1:8111/v1", "http://127.0.0.1:8112/v1"]))
        #expect(report.exitStatus == .unavailable)
        #expect(report.render().contains("FAIL health"))
    }

    @Test func aBackendKilledMidAnswerIsReportedAndNotAskedAgain() async throws {
        // The proxy had streamed part of the answer when its backend died; it ends the stream with an
        // error event. Part of an answer arrived, so planfit does not send the request again.
        let request = ChatRequest(messages: [.user("hi")], maxTokens: 16)
        let cut = Array(sseStream(["Once", " upon"], done: false).prefix(2))
            + [#"data: {"error": {"message": "litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error.", "type": null, "param": null, "code": "500"}}"# + "\n\n"]
        let transport = FailingFirstTransport([], then: replaying([
            exchange(OpenAIBackend.chatPath, body: OpenAIBackend.requestBody(request, model: "smollm2"), contentType: "text/event-stream", cut),
        ]))
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
        #expect(error == .streamError(server: "http://127.0.0.1:8091",
                                      message: "litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error."))
        #expect(transport.requests == 1)
        #expect(delays.all.isEmpty)
    }
}
