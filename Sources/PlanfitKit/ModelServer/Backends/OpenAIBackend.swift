#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// OpenAI-compatible `/v1/chat/completions` with SSE streaming: llama.cpp's llama-server, vLLM,
/// LM Studio, Ollama's /v1.
public enum OpenAIBackend {
    public static let chatPath = "/v1/chat/completions"
    public static let modelsPath = "/v1/models"

    /// The exact body sent. `stream_options.include_usage` makes vLLM and OpenAI report token counts
    /// in the stream; llama.cpp reports them (and its `timings`) regardless.
    public static func requestBody(_ request: ChatRequest, model: String) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(request.messages.map { ["role": .string($0.role), "content": .string($0.content)] }),
            "stream": true,
            "stream_options": ["include_usage": true],
        ]
        if let t = request.temperature { body["temperature"] = .double(t) }
        if let s = request.seed { body["seed"] = .int(s) }
        if let m = request.maxTokens { body["max_tokens"] = .int(m) }
        if let schema = request.responseSchema {
            body["response_format"] = [
                "type": "json_schema",
                "json_schema": ["name": "planfit_response", "strict": true, "schema": schema],
            ]
        }
        // Parsing canonical text normalises numbers (2.0 -> 2) exactly as they go on the wire.
        return (try? JSONValue.parse(JSONValue.object(body).canonicalText)) ?? .object(body)
    }

    static func chat(_ request: ChatRequest, model: String, connection: ServerConnection,
                     onText: @Sendable (String) -> Void) async throws -> ChatResult {
        let limits = ResponseLimits.forAnswer(maxTokens: request.maxTokens)
        var http = connection.request("POST", chatPath, body: requestBody(request, model: model), accept: "text/event-stream")
        http.maxResponseBytes = limits.bodyBytes
        // Asked again only if it breaks off before any of the answer arrived (`ServerConnection.answer`).
        return try await connection.answer(http, api: .openai, model: model) { response, progress in
            let contentType = response.headers["content-type"] ?? ""
            if contentType.contains("application/json") {
                // A server that ignores `stream: true` answers with one completion object: all of it is the answer.
                progress.markArrived()
                let data = try await response.collectBody(limit: limits.heldBodyBytes, server: connection.displayURL)
                return try decodeCompletion(data, requestedModel: model, connection: connection, answerLimit: limits.answerBytes)
            }
            var accumulator = StreamAccumulator(requestedModel: model, connection: connection, answerLimit: limits.answerBytes)
            try await drainStream(response.body, decoder: SSEDecoder(), limit: limits.bodyBytes, server: connection.displayURL) {
                try accumulator.handle($0, onText: { progress.markArrived(); onText($0) })
            }
            return try accumulator.result()
        }
    }

    /// Folds SSE events into a `ChatResult`.
    struct StreamAccumulator {
        let requestedModel: String
        let connection: ServerConnection
        let answerLimit: Int
        var text = ""
        var textBytes = 0
        var finishReason: String?
        var promptTokens: Int?
        var completionTokens: Int?
        var timings: [String: Double] = [:]
        var modelID: String?
        var sawDone = false

        init(requestedModel: String, connection: ServerConnection, answerLimit: Int = ResponseLimits.standardBodyBytes) {
            self.requestedModel = requestedModel
            self.connection = connection
            self.answerLimit = answerLimit
        }

        mutating func handle(_ event: SSEEvent, onText: @Sendable (String) -> Void) throws {
            if let error = event.error {
                throw connection.streamError(ServerErrorBody.parseReported(error))
            }
            if sawDone { return }
            if event.data == "[DONE]" { sawDone = true; return }
            let json: JSONValue
            do {
                json = try JSONValue.parse(event.data)
            } catch {
                throw ModelServerError.malformedResponse(server: connection.displayURL, path: chatPath,
                                                         reason: "a stream event is not JSON", snippet: String(event.data.prefix(120)))
            }
            if let info = ServerErrorBody.parse(json) { throw connection.streamError(info) }
            guard let choices = json["choices"]?.arrayValue else {
                throw ModelServerError.malformedResponse(server: connection.displayURL, path: chatPath,
                                                         reason: "a stream event has no \"choices\" list",
                                                         snippet: String(event.data.prefix(120)))
            }
            if let model = json["model"]?.stringValue, !model.isEmpty { modelID = model }
            if let choice = choices.first {
                if let piece = choice["delta"]?["content"]?.stringValue, !piece.isEmpty {
                    textBytes += piece.utf8.count
                    guard textBytes <= answerLimit else {
                        throw ModelServerError.responseTooLarge(server: connection.displayURL, limit: answerLimit, part: "the answer")
                    }
                    text += piece
                    onText(piece)
                }
                if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
            }
            absorbCounters(json)
        }

        mutating func absorbCounters(_ json: JSONValue) {
            if let usage = json["usage"] {
                promptTokens = usage["prompt_tokens"]?.intValue ?? promptTokens
                completionTokens = usage["completion_tokens"]?.intValue ?? completionTokens
            }
            if let t = json["timings"]?.objectValue {
                for (key, value) in t { if let d = value.doubleValue { timings[key] = d } }
                promptTokens = promptTokens ?? t["prompt_n"]?.intValue
                completionTokens = completionTokens ?? t["predicted_n"]?.intValue
            }
        }

        func result() throws -> ChatResult {
            guard sawDone else {
                throw ModelServerError.streamEndedEarly(server: connection.displayURL, receivedText: text.count)
            }
            return ChatResult(text: text, finishReason: FinishReason(serverValue: finishReason),
                              promptTokens: promptTokens, completionTokens: completionTokens, timings: timings,
                              modelID: modelID ?? requestedModel)
        }
    }

    static func decodeCompletion(_ data: Data, requestedModel: String, connection: ServerConnection,
                                 answerLimit: Int = ResponseLimits.standardBodyBytes) throws -> ChatResult {
        let malformed = { (reason: String) in
            ModelServerError.malformedResponse(server: connection.displayURL, path: chatPath, reason: reason,
                                               snippet: ModelServerError.snippet(data))
        }
        guard let json = try? JSONValue.parse(data) else { throw malformed("the body is not JSON") }
        if let info = ServerErrorBody.parse(json) { throw connection.streamError(info) }
        guard let choice = json["choices"]?.arrayValue?.first, let content = choice["message"]?["content"]?.stringValue else {
            throw malformed("expected choices[0].message.content")
        }
        guard content.utf8.count <= answerLimit else {
            throw ModelServerError.responseTooLarge(server: connection.displayURL, limit: answerLimit, part: "the answer")
        }
        var accumulator = StreamAccumulator(requestedModel: requestedModel, connection: connection)
        accumulator.absorbCounters(json)
        return ChatResult(text: content, finishReason: FinishReason(serverValue: choice["finish_reason"]?.stringValue),
                          promptTokens: accumulator.promptTokens, completionTokens: accumulator.completionTokens,
                          timings: accumulator.timings, modelID: json["model"]?.stringValue ?? requestedModel)
    }

    /// `/v1/models`: `data[].id`; llama.cpp adds `meta.n_ctx_train`, vLLM `max_model_len`.
    static func models(from json: JSONValue, connection: ServerConnection) throws -> [ModelInfo] {
        guard let data = json["data"]?.arrayValue else {
            throw ModelServerError.malformedResponse(server: connection.displayURL, path: modelsPath,
                                                     reason: "expected a \"data\" list of models",
                                                     snippet: String(json.canonicalText.prefix(120)))
        }
        return data.compactMap { entry in
            guard let id = entry["id"]?.stringValue else { return nil }
            return ModelInfo(id: id, digest: nil, sizeBytes: entry["meta"]?["size"]?.intValue,
                             contextSize: entry["max_model_len"]?.intValue ?? entry["meta"]?["n_ctx_train"]?.intValue,
                             details: entry["owned_by"]?.stringValue)
        }
    }
}
