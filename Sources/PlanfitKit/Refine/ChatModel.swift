#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which model answered, on which server: recorded with every answer and part of the cache key.
public struct ModelIdentity: Sendable, Equatable, Codable {
    public var api: String
    public var server: String
    public var model: String
    public var modelDigest: String?
    public var serverVersion: String?

    public init(api: String, server: String, model: String, modelDigest: String? = nil, serverVersion: String? = nil) {
        self.api = api
        self.server = server
        self.model = model
        self.modelDigest = modelDigest
        self.serverVersion = serverVersion
    }
}

/// What the refine engine needs from a model server. `ModelClient` is the real one; tests inject
/// scripted models. Keeping this small keeps the engine free of HTTP.
public protocol ChatModel: Sendable {
    var identity: ModelIdentity { get }
    func chat(_ request: ChatRequest, onText: @Sendable (String) -> Void) async throws -> ChatResult
    func canonicalRequestBody(_ request: ChatRequest) -> JSONValue
}

extension ModelClient: ChatModel {
    public var identity: ModelIdentity {
        ModelIdentity(api: api.rawValue, server: serverURL.absoluteString, model: model, modelDigest: modelDigest,
                      serverVersion: serverVersion)
    }
}
