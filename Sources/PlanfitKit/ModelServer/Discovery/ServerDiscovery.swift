#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A model a server offers.
public struct ModelInfo: Sendable, Equatable {
    public var id: String
    /// Ollama's content digest; identifies the exact weights for the cache key.
    public var digest: String?
    public var sizeBytes: Int?
    /// The context the model was trained for or the server allows, when the listing says.
    public var contextSize: Int?
    /// Short extra facts for listings (Ollama parameter size and quantisation, OpenAI `owned_by`).
    public var details: String?

    public init(id: String, digest: String? = nil, sizeBytes: Int? = nil, contextSize: Int? = nil, details: String? = nil) {
        self.id = id
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.contextSize = contextSize
        self.details = details
    }
}

/// A server that answered, and what it is.
public struct DiscoveredServer: Sendable, Equatable {
    public var url: URL
    public var api: APIKind
    /// Ollama's `/api/version`, or llama.cpp's `build_info` from `/props`.
    public var version: String?
    /// llama.cpp's per-request context (`/props` `n_ctx`), when the server tells it.
    public var contextSize: Int?
    /// How many requests the server decodes at once (llama.cpp's `/props` `total_slots`, its `-np`),
    /// when it tells; `batch` sizes its default concurrency to it.
    public var parallelSlots: Int?

    public init(url: URL, api: APIKind, version: String? = nil, contextSize: Int? = nil, parallelSlots: Int? = nil) {
        self.url = url
        self.api = api
        self.version = version
        self.contextSize = contextSize
        self.parallelSlots = parallelSlots
    }
}

/// Finds the server and tells which API it speaks. `auto` probes `/api/version` (Ollama) and then
/// `/v1/models` (OpenAI-compatible); with no server configured it tries the usual local ports.
/// Every probe goes through the transport, so recorded runs replay discovery too.
public enum ServerDiscovery {
    public static func locate(settings: ModelServerSettings, transport: any Transport,
                              retry: RetryPolicy = .standard) async throws -> DiscoveredServer {
        if let url = settings.server {
            let connection = ServerConnection(baseURL: url, transport: transport, apiKey: settings.apiKey, retry: retry.failingFastOnConnections)
            var failure: ModelServerError?
            if let found = try await probe(connection, choice: settings.api, failure: &failure) { return found }
            // A server that answered every probe with an error status (a 500 page, a redirect) says more
            // than "does not answer the API": report what it answered.
            if let failure { throw failure }
            throw ModelServerError.malformedResponse(
                server: connection.displayURL, path: settings.api == .ollama ? OllamaBackend.versionPath : "",
                reason: settings.api == .auto ? "neither /api/version (Ollama) nor /v1/models (OpenAI-compatible) answered"
                    : "it does not answer the \(settings.api.rawValue) API", snippet: "")
        }
        var tried: [String] = []
        for candidate in ServerAddress.localCandidates.map(\.url) {
            let connection = ServerConnection(baseURL: candidate, transport: transport, apiKey: settings.apiKey, retry: retry.failingFastOnConnections)
            tried.append(connection.displayURL)
            do {
                var failure: ModelServerError?
                if let found = try await probe(connection, choice: settings.api, failure: &failure) { return found }
            } catch let error as ModelServerError {
                switch error {
                case .connectionRefused, .connectTimedOut, .networkFailure, .malformedResponse: continue
                default: throw error
                }
            }
        }
        throw ModelServerError.noServerFound(tried: tried)
    }

    /// Nil when the server answers but not with the API asked for. `failure` is set to the error an
    /// answer other than 200 or 404 (a route the server lacks) stands for, for the caller to report
    /// when no probe succeeds.
    static func probe(_ connection: ServerConnection, choice: APIChoice,
                      failure: inout ModelServerError?) async throws -> DiscoveredServer? {
        func note(_ response: HTTPResponse, _ data: Data, _ path: String, _ api: APIKind) {
            guard failure == nil, response.status != 200, response.status != 404 else { return }
            failure = connection.error(status: response.status, body: data, api: api, model: nil, path: path,
                                       location: response.headers["location"])
        }
        if choice != .openai {
            let response = try await connection.send(connection.request("GET", OllamaBackend.versionPath))
            let data = try await response.collectBody(limit: 1 << 20, server: connection.displayURL)
            // LM Studio answers unknown routes with 200 and an error object, so look for the field.
            if response.status == 200, let version = (try? JSONValue.parse(data))?["version"]?.stringValue {
                return DiscoveredServer(url: connection.baseURL, api: .ollama, version: version)
            }
            note(response, data, OllamaBackend.versionPath, .ollama)
            if choice == .ollama { return nil }
        }
        let response = try await connection.send(connection.request("GET", OpenAIBackend.modelsPath))
        let data = try await response.collectBody(server: connection.displayURL)
        guard response.status == 200, let json = try? JSONValue.parse(data), json["data"]?.arrayValue != nil else {
            if [401, 403].contains(response.status) {
                throw connection.error(status: response.status, body: data, api: .openai, model: nil, path: OpenAIBackend.modelsPath)
            }
            note(response, data, OpenAIBackend.modelsPath, .openai)
            return nil
        }
        var found = DiscoveredServer(url: connection.baseURL, api: .openai)
        // llama.cpp's /props tells its build and the context each request gets; other servers lack it.
        let props = try await connection.send(connection.request("GET", "/props"))
        let propsData = try await props.collectBody(limit: 4 << 20, server: connection.displayURL)
        if props.status == 200, let json = try? JSONValue.parse(propsData) {
            found.version = json["build_info"]?.stringValue
            found.contextSize = json["default_generation_settings"]?["n_ctx"]?.intValue ?? json["n_ctx"]?.intValue
            found.parallelSlots = json["total_slots"]?.intValue
        }
        return found
    }

    public static func listModels(_ server: DiscoveredServer, connection: ServerConnection) async throws -> [ModelInfo] {
        switch server.api {
        case .ollama:
            return try OllamaBackend.models(from: try await connection.getJSON(OllamaBackend.tagsPath, api: .ollama),
                                            connection: connection)
        case .openai:
            return try OpenAIBackend.models(from: try await connection.getJSON(OpenAIBackend.modelsPath, api: .openai),
                                            connection: connection)
        }
    }

    /// The requested model, or the only one on offer. Ollama names match with or without `:latest`.
    public static func chooseModel(requested: String?, from models: [ModelInfo], server: DiscoveredServer) throws -> ModelInfo {
        let display = ServerAddress.display(server.url)
        guard let requested else {
            if models.count == 1 { return models[0] }
            if models.isEmpty { throw ModelServerError.noModels(server: display, api: server.api) }
            throw ModelServerError.modelNotChosen(server: display, available: models.map(\.id))
        }
        if let exact = models.first(where: { $0.id == requested }) { return exact }
        if server.api == .ollama, !requested.contains(":"), let tagged = models.first(where: { $0.id == requested + ":latest" }) {
            return tagged
        }
        throw ModelServerError.modelNotFound(model: requested, api: server.api, server: display, available: models.map(\.id))
    }
}
