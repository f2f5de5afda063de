import FoundationEssentials
import Synchronization
import Testing
@testable import PlanfitKit

/// Fails the first requests with the given errors, as a transport does when nothing answered (a
/// connection refused, or closed before the status line), then hands the rest to `then`.
final class FailingFirstTransport: Transport {
    private let failures: [any Error & Sendable]
    private let then: any Transport
    private let count = Mutex(0)

    init(_ failures: [any Error & Sendable], then: any Transport) {
        self.failures = failures
        self.then = then
    }

    var requests: Int { count.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = count.withLock { n in
            defer { n += 1 }
            return n
        }
        if index < failures.count { throw failures[index] }
        return try await then.send(request)
    }
}

/// Counts the connections a `GeneratingHTTPServer` answered (each starts with piece 0; the server
/// serves one connection at a time, so the last one counted is the one being answered).
final class ServedConnections: Sendable {
    private let count = Mutex(0)
    /// Counts a connection when `index` is 0, and returns the number of the one being answered (0 first).
    func connection(at index: Int) -> Int {
        count.withLock { n in
            if index == 0 { n += 1 }
            return n - 1
        }
    }
    var total: Int { count.withLock { $0 } }
}

/// Issue 11, item 4: planfit's own bounded retry, for a router or server whose backend restarts or fails.
/// A connection refused or closed before any response byte, a 429/500/502/503/504, and an answer that
/// broke off before any of it arrived are tried again with backoff, up to one bound for all of them; an
/// answer of which part arrived is never asked for twice.
@Suite struct RetryTests {
    let request = ChatRequest(messages: [.user("hi")], maxTokens: 16)
    var chatBody: JSONValue { OpenAIBackend.requestBody(request, model: "smollm2") }
    static let liteLLMDown = #"{"error":{"message":"litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.\n\nLiteLLM: model group 'smollm2' failed with the error above. No fallback was attempted.","type":"internal_server_error","param":null,"code":"500"}}"#

    @Test func aRefusedConnectionIsTriedAgainUpToTheBound() async {
        let transport = ThrowingTransport { _ in ModelServerError.connectionRefused(server: "http://127.0.0.1:8091") }
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
        #expect(error == .connectionRefused(server: "http://127.0.0.1:8091"))
        #expect(transport.requested.count == 4, "the first attempt and maxRetries (3) more")
        #expect(delays.all == [0.5, 1, 2])
    }

    @Test func aBackendBackAfterARestartAnswers() async throws {
        let answering = replaying([exchange(OpenAIBackend.chatPath, body: chatBody, contentType: "text/event-stream", sseStream(["ok"]))])
        let transport = FailingFirstTransport([ModelServerError.connectionRefused(server: "http://127.0.0.1:8091"),
                                               ModelServerError.connectionClosed(server: "http://127.0.0.1:8091", afterBytes: 0)],
                                              then: answering)
        let delays = Collected<Double>()
        let result = try await openAIClient(transport, retry: instantRetry(delays)).chat(request)
        #expect(result.text == "ok")
        #expect(transport.requests == 3)
        #expect(delays.all == [0.5, 1])
    }

    @Test func theBoundHoldsAcrossConnectionFailuresAndErrorStatuses() async {
        // Two refused connections, then a router answering 500 for ever: four attempts in all, whatever failed.
        let failing = replaying([exchange(OpenAIBackend.chatPath, body: chatBody, status: 500, [Self.liteLLMDown])])
        let transport = FailingFirstTransport([ModelServerError.connectionRefused(server: "http://127.0.0.1:8091"),
                                               ModelServerError.connectionRefused(server: "http://127.0.0.1:8091")],
                                              then: failing)
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
        guard case .serverFailed(_, 500, let message, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(attempts == 4)
        #expect(message.hasPrefix("litellm.InternalServerError"))
        #expect(transport.requests == 4)
        #expect(delays.all == [0.5, 1, 2])
    }

    @Test func noRetriesMeansOneAttempt() async {
        let transport = ThrowingTransport { _ in ModelServerError.connectionRefused(server: "http://127.0.0.1:8091") }
        let delays = Collected<Double>()
        let once = RetryPolicy(maxRetries: 0, sleep: { delays.append($0) })
        _ = await modelServerError { _ = try await openAIClient(transport, retry: once).chat(request) }
        #expect(transport.requested.count == 1)
        #expect(delays.all.isEmpty)
    }

    @Test func aRouterAnswering500WhileABackendIsDownIsAskedAgain() async throws {
        // LiteLLM answers 500 when the backend it picked refuses the connection; the next try reaches another.
        let transport = replaying([
            exchange(OpenAIBackend.chatPath, body: chatBody, status: 500, [Self.liteLLMDown]),
            exchange(OpenAIBackend.chatPath, body: chatBody, status: 500, [Self.liteLLMDown]),
            exchange(OpenAIBackend.chatPath, body: chatBody, contentType: "text/event-stream", sseStream(["ok"])),
        ])
        let delays = Collected<Double>()
        let result = try await openAIClient(transport, retry: instantRetry(delays)).chat(request)
        #expect(result.text == "ok")
        #expect(delays.all == [0.5, 1])
    }

    @Test func aPromptThatDoesNotFitIsNotAskedAgainWhateverTheStatus() async {
        let overflow = #"{"error":{"code":500,"message":"request (9031 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"server_error"}}"#
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: chatBody, status: 500, [overflow])])
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
        guard case .contextOverflow(_, 9031, 4096, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(delays.all.isEmpty)
    }

    @Test func discoveryReportsARefusedConnectionAtOnce() async {
        // Nothing listening where the user pointed means no server: say so now, not after the backoff.
        let transport = ThrowingTransport { _ in ModelServerError.connectionRefused(server: "http://127.0.0.1:8091") }
        let delays = Collected<Double>()
        let error = await modelServerError {
            _ = try await ModelClient.connect(settings: ModelServerSettings(server: testServer), transport: transport,
                                              retry: instantRetry(delays))
        }
        #expect(error == .connectionRefused(server: "http://127.0.0.1:8091"))
        #expect(transport.requested.count == 1)
        #expect(delays.all.isEmpty)
    }

    // MARK: Over a real socket (libcurl)

    static let sseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"

    func liveClient(_ server: GeneratingHTTPServer, _ delays: Collected<Double>) -> ModelClient {
        ModelClient(serverURL: server.base, api: .openai, model: "smollm2", transport: CurlTransport(), retry: instantRetry(delays))
    }

    @Test func aConnectionClosedBeforeAnyResponseByteIsTriedAgain() async throws {
        // The first two connections read the request and close without a byte (a backend dying as it
        // takes the request); the third answers.
        let counter = ServedConnections()
        let answer = [Self.sseHead] + sseStream(["ok"])
        let server = try GeneratingHTTPServer { index in
            guard counter.connection(at: index) >= 2 else { return nil }
            return index < answer.count ? answer[index] : nil
        }
        defer { server.stop() }
        let delays = Collected<Double>()
        let result = try await liveClient(server, delays).chat(request)
        #expect(result.text == "ok")
        #expect(counter.total == 3)
        #expect(delays.all == [0.5, 1])
    }

    @Test func anAnswerThatBreaksOffIsNeverAskedForAgain() async throws {
        // Part of the answer arrived, then the connection was reset: sending again could show text twice.
        let counter = ServedConnections()
        let first = sseStream(["half"], done: false)[0]
        let server = try GeneratingHTTPServer(reset: true) { index in
            _ = counter.connection(at: index)
            return index == 0 ? Self.sseHead : index == 1 ? first : nil
        }
        defer { server.stop() }
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await liveClient(server, delays).chat(request) }
        switch error {
        case .connectionClosed?, .streamEndedEarly?: break
        default: Issue.record("got \(String(describing: error))")
        }
        #expect(counter.total == 1)
        #expect(delays.all.isEmpty)
    }

    @Test func anAnswerThatBreaksBeforeAnyTextIsAskedAgain() async throws {
        // The status line and headers came (llama-server sends them before reading the prompt), then the
        // backend went away before a word of the answer: nothing of it arrived, so asking again is safe.
        let counter = ServedConnections()
        let answer = [Self.sseHead] + sseStream(["ok"])
        let server = try GeneratingHTTPServer { index in
            let connection = counter.connection(at: index)
            if connection < 2 { return index == 0 ? Self.sseHead : nil }
            return index < answer.count ? answer[index] : nil
        }
        defer { server.stop() }
        let delays = Collected<Double>()
        let result = try await liveClient(server, delays).chat(request)
        #expect(result.text == "ok")
        #expect(counter.total == 3)
        #expect(delays.all == [0.5, 1])
    }

    @Test func aWholeAnswerCutShortIsNotAskedAgain() async throws {
        // A server that ignores `stream: true` sends the answer whole: bytes of it arrived.
        let counter = ServedConnections()
        let server = try GeneratingHTTPServer { index in
            _ = counter.connection(at: index)
            return index == 0 ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                : index == 1 ? "{\"choices\":" : nil
        }
        defer { server.stop() }
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await liveClient(server, delays).chat(request) }
        #expect(error == .connectionClosed(server: "http://127.0.0.1:\(server.port)", afterBytes: 11))
        #expect(counter.total == 1)
        #expect(delays.all.isEmpty)
    }

    // MARK: A router that had already answered 200

    static let liteLLMStreamError = #"data: {"error": {"message": "litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error.", "type": null, "param": null, "code": "500"}}"# + "\n\n"

    @Test func aRoutersErrorEventBeforeAnyTextIsAskedAgain() async throws {
        // LiteLLM with no retries of its own: its backend died while reading the prompt, after the proxy had
        // answered 200 and its first (role-only) event; the next try reaches a working backend.
        let roleOnly = #"data: {"choices":[{"index":0,"delta":{"role":"assistant"}}],"model":"smollm2","object":"chat.completion.chunk"}"# + "\n\n"
        let transport = FailingFirstTransport([], then: replaying([
            exchange(OpenAIBackend.chatPath, body: chatBody, contentType: "text/event-stream", [roleOnly, Self.liteLLMStreamError]),
            exchange(OpenAIBackend.chatPath, body: chatBody, contentType: "text/event-stream", sseStream(["ok"])),
        ]))
        let delays = Collected<Double>()
        let pieces = Collected<String>()
        let result = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) { pieces.append($0) }
        #expect(result.text == "ok")
        #expect(pieces.all == ["ok"], "nothing of the broken answer was passed on")
        #expect(transport.requests == 2)
        #expect(delays.all == [0.5])
    }

    @Test func theBoundHoldsAcrossFailedResponsesAndBrokenAnswers() async {
        // A 500, then answers that break before any text, for ever: four tries in all.
        let transport = FailingFirstTransport([], then: replaying([
            exchange(OpenAIBackend.chatPath, body: chatBody, status: 500, [Self.liteLLMDown]),
            exchange(OpenAIBackend.chatPath, body: chatBody, contentType: "text/event-stream", [Self.liteLLMStreamError]),
        ]))
        let delays = Collected<Double>()
        let error = await modelServerError { _ = try await openAIClient(transport, retry: instantRetry(delays)).chat(request) }
        guard case .streamError? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(transport.requests == 4)
        #expect(delays.all == [0.5, 1, 2])
    }

    @Test func anOllamaStreamThatBreaksBeforeAnyTextIsAskedAgain() async throws {
        let request = ChatRequest(messages: [.user("x")])
        let body = OllamaBackend.requestBody(request, model: "llama3.2:latest")
        let done = #"{"model":"llama3.2:latest","created_at":"2024-12-07T10:15:24Z","message":{"role":"assistant","content":"Hi"},"done":false}"# + "\n"
            + #"{"model":"llama3.2:latest","created_at":"2024-12-07T10:15:25Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":1}"# + "\n"
        let transport = FailingFirstTransport([], then: replaying([
            exchange(OllamaBackend.chatPath, body: body, contentType: "application/x-ndjson",
                     [#"{"error":"an error was encountered while running the model: unexpected EOF"}"# + "\n"]),
            exchange(OllamaBackend.chatPath, body: body, contentType: "application/x-ndjson", [done]),
        ]))
        let delays = Collected<Double>()
        let result = try await ollamaClient(transport, retry: instantRetry(delays)).chat(request)
        #expect(result.text == "Hi")
        #expect(transport.requests == 2)
    }
}
