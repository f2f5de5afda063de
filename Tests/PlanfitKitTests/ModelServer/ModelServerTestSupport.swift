import Foundation
import Testing
@testable import PlanfitKit

/// The repository's fixtures folder, found from this source file.
let fixturesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/cassettes")

func fixtureLibrary(_ folder: String) throws -> CassetteLibrary {
    try CassetteLibrary.load(directory: fixturesDirectory.appendingPathComponent(folder))
}

/// A live transport that must never be used: replay tests inject it to prove they stay offline.
struct TrapTransport: Transport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        Issue.record("the network was used for \(request.method) \(request.url)")
        throw ModelServerError.networkFailure(server: "trap", reason: "network use in a replay test")
    }
}

/// Fails every request with the error `makeError` gives for its URL, remembering the URLs.
final class ThrowingTransport: Transport, @unchecked Sendable {
    private let makeError: @Sendable (URL) -> Error
    private let lock = NSLock()
    private var urls: [URL] = []

    init(_ makeError: @escaping @Sendable (URL) -> Error) {
        self.makeError = makeError
    }

    var requested: [URL] { lock.withLock { urls } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { urls.append(request.url) }
        throw makeError(request.url)
    }
}

/// Collects what `onText` and `RetryPolicy.sleep` receive.
final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ item: T) { lock.withLock { items.append(item) } }
    var all: [T] { lock.withLock { items } }
}

func instantRetry(_ delays: Collected<Double> = Collected()) -> RetryPolicy {
    RetryPolicy(maxRetries: 3, baseDelay: 0.5, maxDelay: 8, loadingWait: 10, sleep: { delays.append($0) })
}

/// An in-memory POST exchange, for error shapes no real server could be made to produce on demand.
func exchange(_ path: String, body: JSONValue? = nil, status: Int = 200, contentType: String = "application/json",
              _ chunks: [String]) -> CassetteExchange {
    exchange("POST", path, body: body, status: status, contentType: contentType, chunks)
}

func exchange(_ method: String, _ path: String, body: JSONValue? = nil, status: Int = 200,
              contentType: String = "application/json", _ chunks: [String]) -> CassetteExchange {
    CassetteExchange(method: method, path: path, requestBody: body, status: status,
                     headers: ["content-type": contentType], chunks: chunks)
}

func replaying(_ exchanges: [CassetteExchange], chunking: ReplayTransport.Chunking = .awkward) -> ReplayTransport {
    ReplayTransport(library: CassetteLibrary(directory: "(test)", cassettes: [("test.json", Cassette(exchanges: exchanges))]),
                    chunking: chunking)
}

let testServer = URL(string: "http://127.0.0.1:8091")!

func openAIClient(_ transport: any Transport, model: String = "smollm2", retry: RetryPolicy = instantRetry()) -> ModelClient {
    ModelClient(serverURL: testServer, api: .openai, model: model, transport: transport, retry: retry)
}

func ollamaClient(_ transport: any Transport, model: String = "llama3.2:latest", retry: RetryPolicy = instantRetry()) -> ModelClient {
    ModelClient(serverURL: URL(string: "http://127.0.0.1:11434")!, api: .ollama, model: model, transport: transport, retry: retry)
}

/// Runs `body` and returns the ModelServerError it throws (recording an issue if it throws none or another).
func modelServerError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> ModelServerError? {
    do {
        try await body()
        Issue.record("expected a ModelServerError, got success", sourceLocation: sourceLocation)
    } catch let error as ModelServerError {
        return error
    } catch {
        Issue.record("expected a ModelServerError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The SSE body of a chat completion stream in llama.cpp's shape.
func sseStream(_ pieces: [String], finish: String = "stop", done: Bool = true, model: String = "smollm2") -> [String] {
    var events = pieces.map { piece -> String in
        let chunk: JSONValue = ["choices": [["index": 0, "delta": ["content": .string(piece)], "finish_reason": nil]],
                                "object": "chat.completion.chunk", "model": .string(model)]
        return "data: \(chunk.canonicalText)\n\n"
    }
    let last: JSONValue = ["choices": [["index": 0, "delta": [:], "finish_reason": .string(finish)]],
                           "object": "chat.completion.chunk", "model": .string(model),
                           "usage": ["prompt_tokens": 12, "completion_tokens": .int(pieces.count), "total_tokens": .int(12 + pieces.count)],
                           "timings": ["prompt_n": 12, "prompt_ms": 30.5, "predicted_n": .int(pieces.count), "predicted_ms": 100.25]]
    events.append("data: \(last.canonicalText)\n\n")
    if done { events.append("data: [DONE]\n\n") }
    return events
}
