#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A base URL, a transport and the API key: sends requests, retries what is worth retrying, and
/// turns error statuses into `ModelServerError`s.
public struct ServerConnection: Sendable {
    public var baseURL: URL
    public var transport: any Transport
    var apiKey: String?
    public var retry: RetryPolicy

    public init(baseURL: URL, transport: any Transport, apiKey: String? = nil, retry: RetryPolicy = .standard) {
        self.baseURL = baseURL
        self.transport = transport
        self.apiKey = apiKey
        self.retry = retry
    }

    public var displayURL: String { ServerAddress.display(baseURL) }

    public func request(_ method: String, _ path: String, body: JSONValue? = nil, accept: String = "application/json") -> HTTPRequest {
        var headers = ["Accept": accept]
        // The key belongs to the OpenAI-compatible routes (and llama-server's /props, /health); Ollama's
        // native /api routes take none, and a server there must not be handed it.
        if let apiKey, !Self.isOllamaNativeRoute(path) { headers["Authorization"] = "Bearer \(apiKey)" }
        var data: Data?
        if let body {
            headers["Content-Type"] = "application/json"
            data = Data(body.canonicalText.utf8)
        }
        return HTTPRequest(method: method, url: ServerAddress.endpoint(baseURL, path), headers: headers, body: data)
    }

    static func isOllamaNativeRoute(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/")
    }

    /// Sends, retrying 429/500/502/503/504 and connections that failed before any response byte with
    /// backoff (`RetryRules`), and waiting out a loading model; returns the first response that is not
    /// one of those. Other statuses (200, 404, ...) are the caller's.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var attempt = 0
        return try await send(request, attempt: &attempt)
    }

    /// `send`, counting in `attempt` the tries of this request so far (a caller that sends it again after
    /// an answer broke off passes its count on, so the bound holds for all of them).
    func send(_ request: HTTPRequest, attempt: inout Int) async throws -> HTTPResponse {
        var waitedForLoading = 0.0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch where retry.retriesConnectionFailures && RetryRules.isConnectionFailure(error) && attempt <= retry.maxRetries {
                try await retry.sleep(retry.delay(afterAttempt: attempt))
                continue
            }
            guard RetryRules.retriedStatuses.contains(response.status) else { return response }
            // An error body is held whole, so it gets the standard bound even when the answer's is larger.
            let body = try await response.collectBody(limit: min(request.maxResponseBytes, ResponseLimits.standardBodyBytes),
                                                      server: displayURL)
            let error = ServerErrorBody.parse(body)
            guard RetryRules.retries(status: response.status, error: error) else {
                return HTTPResponse(status: response.status, headers: response.headers, body: .chunks([body]))
            }
            if response.status == 503, error.isLoading {
                let delay = retry.delay(afterAttempt: attempt)
                guard waitedForLoading + delay <= retry.loadingWait else {
                    throw ModelServerError.serverStillLoading(server: displayURL, waitedSeconds: waitedForLoading)
                }
                try await retry.sleep(delay)
                waitedForLoading += delay
                continue
            }
            guard attempt <= retry.maxRetries else {
                throw ModelServerError.serverFailed(server: displayURL, status: response.status, message: error.message,
                                                    attempts: attempt)
            }
            var delay = retry.delay(afterAttempt: attempt)
            if let after = response.headers["retry-after"].flatMap(Double.init) { delay = min(max(delay, after), retry.maxDelay) }
            try await retry.sleep(delay)
        }
    }

    /// Sends and requires a 2xx answer; anything else becomes the matching error.
    public func sendExpectingSuccess(_ request: HTTPRequest, api: APIKind, model: String? = nil) async throws -> HTTPResponse {
        var attempt = 0
        return try await sendExpectingSuccess(request, api: api, model: model, attempt: &attempt)
    }

    func sendExpectingSuccess(_ request: HTTPRequest, api: APIKind, model: String?, attempt: inout Int) async throws -> HTTPResponse {
        let response = try await send(request, attempt: &attempt)
        if (200..<300).contains(response.status) { return response }
        let body = try await response.collectBody(limit: min(request.maxResponseBytes, ResponseLimits.standardBodyBytes),
                                                  server: displayURL)
        throw error(status: response.status, body: body, api: api, model: model, path: request.pathAndQuery,
                    location: response.headers["location"])
    }

    /// Reads a whole 2xx JSON body.
    public func getJSON(_ path: String, api: APIKind) async throws -> JSONValue {
        let response = try await sendExpectingSuccess(request("GET", path), api: api)
        let data = try await response.collectBody(server: displayURL)
        do {
            return try JSONValue.parse(data)
        } catch {
            throw ModelServerError.malformedResponse(server: displayURL, path: path, reason: "the body is not JSON",
                                                     snippet: ModelServerError.snippet(data))
        }
    }

    func error(status: Int, body: Data, api: APIKind, model: String?, path: String, location: String? = nil) -> ModelServerError {
        if (300..<400).contains(status) {
            return .redirected(server: displayURL, status: status, location: location)
        }
        let info = ServerErrorBody.parse(body)
        if info.isContextOverflow {
            return .contextOverflow(server: displayURL, promptTokens: info.promptTokens, contextSize: info.contextSize,
                                    message: info.message)
        }
        switch status {
        case 401, 403:
            return .unauthorized(server: displayURL, status: status, message: info.message)
        case 404 where info.isModelNotFound && model != nil:
            return .modelNotFound(model: model!, api: api, server: displayURL, available: [])
        case 404:
            return .malformedResponse(server: displayURL, path: path, reason: "HTTP 404: this server has no such route",
                                      snippet: info.message)
        case 400..<500 where status != 429:
            return .requestRejected(server: displayURL, status: status, message: info.message)
        default:
            return .serverFailed(server: displayURL, status: status, message: info.message, attempts: 1)
        }
    }

    /// Turns an error reported inside a stream into the matching error.
    func streamError(_ info: ServerErrorBody) -> ModelServerError {
        if info.isContextOverflow {
            return .contextOverflow(server: displayURL, promptTokens: info.promptTokens, contextSize: info.contextSize,
                                    message: info.message)
        }
        return .streamError(server: displayURL, message: info.message)
    }
}
