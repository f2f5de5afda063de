#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP request to a model server. The body is the exact bytes sent: for JSON requests planfit
/// sends the canonical text, so the cassette key and the cache key are the bytes on the wire.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// The most response-body bytes the transport accepts before it aborts the transfer with
    /// `ModelServerError.responseTooLarge` (see `ResponseLimits`). Not part of what cassettes match on.
    public var maxResponseBytes: Int

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil,
                maxResponseBytes: Int = ResponseLimits.standardBodyBytes) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.maxResponseBytes = maxResponseBytes
    }

    /// The path and query, which is what cassettes match on (the host and port are not: a cassette
    /// recorded against port 8091 replays for a server configured on 8080).
    public var pathAndQuery: String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? url.path
        if path.isEmpty { path = "/" }
        if let query = components?.percentEncodedQuery, !query.isEmpty { path += "?" + query }
        return path
    }
}

/// A response whose body arrives as a stream of chunks, in the sizes the network delivered them.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names are lower-cased.
    public var headers: [String: String]
    public var body: AsyncThrowingStream<Data, Error>

    public init(status: Int, headers: [String: String], body: AsyncThrowingStream<Data, Error>) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    /// Reads the whole body. Error bodies and model lists are small; past `limit` bytes it throws
    /// `ModelServerError.responseTooLarge` rather than hand on a cut body that would then be
    /// misreported as "not JSON".
    public func collectBody(limit: Int = ResponseLimits.standardBodyBytes, server: String = "the server") async throws -> Data {
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= limit else {
                throw ModelServerError.responseTooLarge(server: server, limit: limit, part: "the response body")
            }
            data.append(chunk)
        }
        return data
    }
}

/// Sends HTTP requests. Live, recording and replay transports implement it, so every model-server
/// code path runs the same way in tests (replay, no network) and for users (live).
public protocol Transport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension AsyncThrowingStream where Element == Data, Failure == Error {
    /// A body already in memory, delivered as the given chunks.
    public static func chunks(_ chunks: [Data]) -> AsyncThrowingStream<Data, Error> {
        AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
    }
}
