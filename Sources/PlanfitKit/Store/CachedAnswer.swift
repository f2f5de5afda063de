#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One cached model answer: the row of the `answers` table, keyed by the SHA-256 of the canonical request.
///
/// The store treats `payload` as opaque JSON text (the full result the caller serialised, so a cache hit
/// can print exactly what the original run printed); the other fields describe how the answer was made,
/// for `planfit cache stats` and for people querying the file with `sqlite3`.
public struct CachedAnswer: Equatable, Sendable {
    /// Hex SHA-256 of the canonical request, computed by the caller.
    public var key: String
    /// The command that produced the answer: `refine` or `propose`.
    public var command: String
    /// When the answer was stored; nil asks the store to stamp its clock's time on save.
    public var createdAt: Date?
    public var model: String
    /// The model digest when the server reports one (Ollama does; llama-server does not).
    public var modelDigest: String?
    /// The server's base URL.
    public var server: String
    public var serverVersion: String?
    /// The API kind: `ollama` or `openai`.
    public var api: String
    /// Sampling parameters and other request settings.
    public var parameters: JSONValue
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// Timing measurements (e.g. seconds to first token, tokens per second).
    public var timings: JSONValue
    /// How many repair rounds were needed after the first answer.
    public var repairRounds: Int
    public var findingsBefore: JSONValue
    public var findingsAfter: JSONValue
    /// The full result as JSON text; stored and returned byte for byte.
    public var payload: String
    /// Hex SHA-256 of the request without the server's identity (see `CacheKey.request`).
    public var requestKey: String?

    public init(
        key: String, command: String, createdAt: Date? = nil, model: String, modelDigest: String? = nil,
        server: String, serverVersion: String? = nil, api: String, parameters: JSONValue = .object([:]),
        promptTokens: Int? = nil, completionTokens: Int? = nil, timings: JSONValue = .object([:]),
        repairRounds: Int = 0, findingsBefore: JSONValue = .array([]), findingsAfter: JSONValue = .array([]),
        payload: String, requestKey: String? = nil
    ) {
        self.requestKey = requestKey
        self.key = key
        self.command = command
        self.createdAt = createdAt
        self.model = model
        self.modelDigest = modelDigest
        self.server = server
        self.serverVersion = serverVersion
        self.api = api
        self.parameters = parameters
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.timings = timings
        self.repairRounds = repairRounds
        self.findingsBefore = findingsBefore
        self.findingsAfter = findingsAfter
        self.payload = payload
    }
}
