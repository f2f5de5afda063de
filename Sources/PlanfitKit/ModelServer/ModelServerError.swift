#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A failure talking to a model server. Each message says what went wrong, where, and what to do.
public enum ModelServerError: PlanfitError, Equatable {
    /// Nothing listens at the URL.
    case connectionRefused(server: String)
    /// No server was configured and none of the usual local ports answered.
    case noServerFound(tried: [String])
    /// The TCP connection did not open within the connect timeout.
    case connectTimedOut(server: String, seconds: Double)
    /// No bytes arrived for `seconds` while waiting for the answer.
    case idleTimedOut(server: String, seconds: Double)
    /// The whole request took longer than the overall limit.
    case overallTimedOut(server: String, seconds: Double)
    /// The host name did not resolve, or the connection failed for another network reason.
    case networkFailure(server: String, reason: String)
    /// The server is not on this machine and remote servers were not allowed.
    case remoteServerRefused(server: String)
    /// The model is not on the server.
    case modelNotFound(model: String, api: APIKind, server: String, available: [String])
    /// The server offers several models and none was chosen.
    case modelNotChosen(server: String, available: [String])
    /// The server offers no model at all.
    case noModels(server: String, api: APIKind)
    /// llama.cpp answered 503 "Loading model" for longer than planfit waits.
    case serverStillLoading(server: String, waitedSeconds: Double)
    /// 429 or 5xx after the bounded retries.
    case serverFailed(server: String, status: Int, message: String, attempts: Int)
    /// 401/403: the server wants an API key.
    case unauthorized(server: String, status: Int, message: String)
    /// Another 4xx: the server rejected the request.
    case requestRejected(server: String, status: Int, message: String)
    /// The prompt does not fit the model's context window.
    case contextOverflow(server: String, promptTokens: Int?, contextSize: Int?, message: String)
    /// The model stopped because it reached `max_tokens`; callers throw this when a cut answer is unusable.
    case outputTruncated(model: String, maxTokens: Int?, completionTokens: Int?)
    /// The server reported an error in the middle of a streamed answer.
    case streamError(server: String, message: String)
    /// The stream closed before its terminator (`data: [DONE]`, or Ollama's `"done": true`).
    case streamEndedEarly(server: String, receivedText: Int)
    /// The body is not JSON, or not the JSON shape this API uses.
    case malformedResponse(server: String, path: String, reason: String, snippet: String)
    /// A body or an answer went past its bound (`ResponseLimits`); planfit stopped reading it. `part` names
    /// what was too long ("the answer", "the response body").
    case responseTooLarge(server: String, limit: Int, part: String)
    /// The connection broke after the server had started answering (a reset, or a close before the
    /// body's announced end): the server was reached, so this is not "could not reach".
    case connectionClosed(server: String, afterBytes: Int)
    /// A router (LiteLLM's proxy) answered, but its `/health` found none of its backends working.
    case noHealthyBackend(server: String, failing: [String])
    /// The server answered 3xx. planfit does not follow redirects: plans must go only to the server the
    /// user named, not wherever it points.
    case redirected(server: String, status: Int, location: String?)

    public var exitStatus: ExitStatus {
        switch self {
        case .connectionRefused, .noServerFound, .networkFailure, .modelNotFound, .noModels,
             .unauthorized, .streamError, .malformedResponse, .redirected, .noHealthyBackend:
            return .unavailable
        case .connectTimedOut, .idleTimedOut, .overallTimedOut, .serverStillLoading, .serverFailed,
             .streamEndedEarly, .connectionClosed:
            return .temporaryFailure
        case .remoteServerRefused, .modelNotChosen:
            return .usage
        case .requestRejected, .contextOverflow, .outputTruncated, .responseTooLarge:
            return .dataError
        }
    }

    static let startAServer = "start one with `ollama serve` or `llama-server -m MODEL.gguf`"

    public var description: String {
        switch self {
        case .connectionRefused(let server):
            return "no model server at \(server): \(Self.startAServer), or point --server at a running one"
        case .noServerFound(let tried):
            return "no model server found (tried \(tried.joined(separator: ", "))): \(Self.startAServer), "
                + "or pass --server URL (or set PLANFIT_SERVER)"
        case .connectTimedOut(let server, let seconds):
            return "could not connect to \(server) within \(Self.seconds(seconds)): check that the server is running "
                + "and reachable, or raise --connect-timeout"
        case .idleTimedOut(let server, let seconds):
            return "\(server) sent nothing for \(Self.seconds(seconds)): the server may be overloaded or stuck; "
                + "raise --idle-timeout for slow hardware, or use a smaller model"
        case .overallTimedOut(let server, let seconds):
            return "the request to \(server) took longer than \(Self.seconds(seconds)): raise --timeout, "
                + "lower max tokens, or use a faster model"
        case .networkFailure(let server, let reason):
            return "could not reach \(server): \(reason)"
        case .remoteServerRefused(let server):
            return "\(server) is not on this machine, and plans are confidential: planfit only sends them to a "
                + "server on localhost unless you pass --allow-remote (or set allow_remote: true in the config)"
        case .modelNotFound(let model, let api, let server, let available):
            let fix: String
            switch api {
            case .ollama: fix = "run `ollama pull \(model)`"
            case .openai: fix = "start the server with that model, or pass --model with one of the ids it offers"
            }
            // An empty list means the server said "not found" to a chat request; it did not list its models.
            let list = available.isEmpty ? "" : " (it offers: \(available.joined(separator: ", ")))"
            return "model '\(model)' not found on \(server)\(list): \(fix)"
        case .modelNotChosen(let server, let available):
            return "\(server) offers several models (\(available.joined(separator: ", "))): choose one with --model NAME "
                + "or PLANFIT_MODEL"
        case .noModels(let server, let api):
            switch api {
            case .ollama: return "\(server) has no models: run `ollama pull NAME` (for example `ollama pull llama3.2`)"
            case .openai: return "\(server) offers no models: start the server with a model (`llama-server -m MODEL.gguf`)"
            }
        case .serverStillLoading(let server, let waited):
            return "\(server) is still loading its model after \(Self.seconds(waited)): wait until it is ready "
                + "(its /health answers 200) and try again"
        case .serverFailed(let server, let status, let message, let attempts):
            let tries = attempts == 1 ? "" : " after \(attempts) attempts"
            return "\(server) answered HTTP \(status)\(tries): \(message.isEmpty ? "no details" : message); "
                + "check the server's log, then try again"
        case .unauthorized(let server, let status, let message):
            return "\(server) refused the request (HTTP \(status): \(message)): set OPENAI_API_KEY or PLANFIT_API_KEY "
                + "to the server's API key"
        case .requestRejected(let server, let status, let message):
            return "\(server) rejected the request (HTTP \(status)): \(message.isEmpty ? "no details" : message)"
        case .contextOverflow(let server, let promptTokens, let contextSize, let message):
            var numbers = ""
            if let p = promptTokens, let c = contextSize {
                numbers = ": the prompt is \(p) tokens but the context holds \(c)"
            } else if !message.isEmpty {
                numbers = ": \(message)"
            }
            return "the prompt does not fit the model's context on \(server)\(numbers); shorten the plan or split it, "
                + "or give the model more context (llama-server -c, with -np slots sharing it; Ollama num_ctx)"
        case .outputTruncated(let model, let maxTokens, let completionTokens):
            let limit = maxTokens.map { "max_tokens (\($0))" } ?? "its token limit"
            let count = completionTokens.map { " after \($0) tokens" } ?? ""
            return "the answer from \(model) was cut off at \(limit)\(count), so it is incomplete: raise the token limit, "
                + "shorten the plan, or use a stronger model (small models often repeat themselves until cut off)"
        case .streamError(let server, let message):
            return "\(server) reported an error while answering: \(message)"
        case .streamEndedEarly(let server, let received):
            return "the answer from \(server) ended before the server said it was done (after \(received) characters): "
                + "the connection dropped or the server crashed; check its log and try again"
        case .responseTooLarge(let server, let limit, let part):
            let head = "the server sent more than \(limit) bytes (\(part) from \(server) passed planfit's bound, so planfit "
                + "stopped reading and stored nothing): "
            if part == "the answer" {
                return head + "a model that repeats itself or a server that ignores max_tokens does this; raise --max-tokens "
                    + "if a longer answer is expected (the bound is \(ResponseLimits.bytesPerToken) bytes per token)"
            }
            return head + "no model server sends a body this large; check that --server points at one, or raise --max-tokens "
                + "if a very long answer is expected (past 8 MiB, the bound grows with it)"
        case .connectionClosed(let server, let bytes):
            return "the server closed the connection after \(bytes) bytes (\(server) was reached, but the answer broke off): "
                + "the server may have crashed or been restarted; check its log and try again"
        case .noHealthyBackend(let server, let failing):
            let list = failing.isEmpty ? "it lists none" : "failing: \(failing.joined(separator: ", "))"
            return "\(server) is a router and none of its backends passed its health check (\(list)): start the model "
                + "servers it routes to, or correct their addresses in the router's config"
        case .redirected(let server, let status, let location):
            let target = location.map { TerminalText.sanitised(Self.bounded($0, limit: 300)) } ?? "another address (no Location given)"
            return "the server redirected to \(target); planfit does not follow redirects (HTTP \(status) from \(server)): "
                + "point --server at the address the model server really listens on"
        case .malformedResponse(let server, let path, let reason, let snippet):
            let shown = snippet.isEmpty ? "" : " (got: \(snippet))"
            return "\(server)\(path) did not answer like a model server: \(reason)\(shown); check that --server points "
                + "at Ollama or an OpenAI-compatible server and that --api matches it"
        }
    }

    static func seconds(_ value: Double) -> String {
        "\(value.formatted) s"
    }

    /// `text` cut to `limit` characters, with a marker when cut.
    static func bounded(_ text: String, limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// The first characters of a body, for messages: enough to recognise an HTML error page.
    static func snippet(_ data: Data, limit: Int = 120) -> String {
        let text = String(decoding: data.prefix(limit * 4), as: UTF8.self)
            .replacingAll("\n", with: " ")
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
