#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A resolved model server: where it is, which API it speaks, which model answers. This is what
/// `refine` and `propose` talk to.
public struct ModelClient: Sendable {
    public var serverURL: URL
    public var api: APIKind
    public var model: String
    public var modelDigest: String?
    public var serverVersion: String?
    /// Tokens of context per request, when the server tells it (llama.cpp /props).
    public var contextSize: Int?
    /// Requests the server decodes at once, when it tells (llama.cpp `/props` `total_slots`).
    public var parallelSlots: Int?
    public var connection: ServerConnection

    public init(serverURL: URL, api: APIKind, model: String, transport: any Transport, apiKey: String? = nil,
                retry: RetryPolicy = .standard, modelDigest: String? = nil, serverVersion: String? = nil,
                contextSize: Int? = nil, parallelSlots: Int? = nil) {
        self.serverURL = serverURL
        self.api = api
        self.model = model
        self.modelDigest = modelDigest
        self.serverVersion = serverVersion
        self.contextSize = contextSize
        self.parallelSlots = parallelSlots
        self.connection = ServerConnection(baseURL: serverURL, transport: transport, apiKey: apiKey, retry: retry)
    }

    /// Finds the server, detects its API, lists its models and picks one (see `ServerDiscovery`).
    /// With no `transport`, uses the one the settings describe (live, record or replay).
    public static func connect(settings: ModelServerSettings, transport: (any Transport)? = nil,
                               retry: RetryPolicy = .standard) async throws -> ModelClient {
        let transport = try transport ?? settings.makeTransport()
        let server = try await ServerDiscovery.locate(settings: settings, transport: transport, retry: retry)
        let connection = ServerConnection(baseURL: server.url, transport: transport, apiKey: settings.apiKey, retry: retry)
        let models = try await ServerDiscovery.listModels(server, connection: connection)
        let chosen = try ServerDiscovery.chooseModel(requested: settings.model, from: models, server: server)
        return ModelClient(serverURL: server.url, api: server.api, model: chosen.id, transport: transport,
                           apiKey: settings.apiKey, retry: retry, modelDigest: chosen.digest, serverVersion: server.version,
                           contextSize: server.contextSize ?? chosen.contextSize, parallelSlots: server.parallelSlots)
    }

    /// Streams the answer, calling `onText` with each piece as it arrives. A cut-off answer
    /// (`finishReason == .length`) is returned, not thrown: the caller decides whether to throw
    /// `ModelServerError.outputTruncated`.
    public func chat(_ request: ChatRequest, onText: @Sendable (String) -> Void = { _ in }) async throws -> ChatResult {
        switch api {
        case .openai: return try await OpenAIBackend.chat(request, model: model, connection: connection, onText: onText)
        case .ollama: return try await OllamaBackend.chat(request, model: model, connection: connection, onText: onText)
        }
    }

    /// The exact JSON body `chat` sends for this request, for the cache key.
    public func canonicalRequestBody(_ request: ChatRequest) -> JSONValue {
        switch api {
        case .openai: return OpenAIBackend.requestBody(request, model: model)
        case .ollama: return OllamaBackend.requestBody(request, model: model)
        }
    }

    /// The error to throw for a result cut off at the token limit.
    public func truncationError(for result: ChatResult, maxTokens: Int?) -> ModelServerError {
        .outputTruncated(model: result.modelID, maxTokens: maxTokens, completionTokens: result.completionTokens)
    }
}
