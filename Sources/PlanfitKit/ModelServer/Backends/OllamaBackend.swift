#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Ollama's native API: `/api/chat` with NDJSON streaming, `/api/tags`, `/api/version`, `/api/show`.
public enum OllamaBackend {
    public static let chatPath = "/api/chat"
    public static let tagsPath = "/api/tags"
    public static let versionPath = "/api/version"
    public static let showPath = "/api/show"

    public static func requestBody(_ request: ChatRequest, model: String) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(request.messages.map { ["role": .string($0.role), "content": .string($0.content)] }),
            "stream": true,
            "keep_alive": .string(OllamaModelResidency.keepAlive),
        ]
        var options: [String: JSONValue] = [:]
        if let t = request.temperature { options["temperature"] = .double(t) }
        if let s = request.seed { options["seed"] = .int(s) }
        if let m = request.maxTokens { options["num_predict"] = .int(m) }
        if let c = request.contextSize { options["num_ctx"] = .int(c) }
        if !options.isEmpty { body["options"] = .object(options) }
        if let schema = request.responseSchema { body["format"] = schema }
        return (try? JSONValue.parse(JSONValue.object(body).canonicalText)) ?? .object(body)
    }

    static func chat(_ request: ChatRequest, model: String, connection: ServerConnection,
                     onText: @Sendable (String) -> Void) async throws -> ChatResult {
        let limits = ResponseLimits.forAnswer(maxTokens: request.maxTokens)
        var http = connection.request("POST", chatPath, body: requestBody(request, model: model), accept: "application/x-ndjson")
        http.maxResponseBytes = limits.bodyBytes
        // Asked again only if it breaks off before any of the answer arrived (`ServerConnection.answer`).
        return try await connection.answer(http, api: .ollama, model: model) { response, progress in
            var accumulator = StreamAccumulator(requestedModel: model, maxTokens: request.maxTokens, connection: connection,
                                                answerLimit: limits.answerBytes)
            try await drainStream(response.body, decoder: NDJSONDecoder(), limit: limits.bodyBytes, server: connection.displayURL) {
                try accumulator.handle($0, onText: { progress.markArrived(); onText($0) })
            }
            return try accumulator.result()
        }
    }

    /// Folds NDJSON lines into a `ChatResult`; the counters come in the final `"done": true` line.
    struct StreamAccumulator {
        let requestedModel: String
        let maxTokens: Int?
        let connection: ServerConnection
        let answerLimit: Int
        var text = ""
        var textBytes = 0
        var final: JSONValue?
        var modelID: String?

        init(requestedModel: String, maxTokens: Int?, connection: ServerConnection,
             answerLimit: Int = ResponseLimits.standardBodyBytes) {
            self.requestedModel = requestedModel
            self.maxTokens = maxTokens
            self.connection = connection
            self.answerLimit = answerLimit
        }

        mutating func handle(_ line: String, onText: @Sendable (String) -> Void) throws {
            if final != nil { return }
            let json: JSONValue
            do {
                json = try JSONValue.parse(line)
            } catch {
                throw ModelServerError.malformedResponse(server: connection.displayURL, path: chatPath,
                                                         reason: "a stream line is not JSON", snippet: String(line.prefix(120)))
            }
            if let info = ServerErrorBody.parse(json) { throw connection.streamError(info) }
            guard let done = json["done"]?.boolValue else {
                throw ModelServerError.malformedResponse(server: connection.displayURL, path: chatPath,
                                                         reason: "a stream line has no \"done\" flag", snippet: String(line.prefix(120)))
            }
            if let model = json["model"]?.stringValue, !model.isEmpty { modelID = model }
            if let piece = json["message"]?["content"]?.stringValue, !piece.isEmpty {
                textBytes += piece.utf8.count
                guard textBytes <= answerLimit else {
                    throw ModelServerError.responseTooLarge(server: connection.displayURL, limit: answerLimit, part: "the answer")
                }
                text += piece
                onText(piece)
            }
            if done { final = json }
        }

        func result() throws -> ChatResult {
            guard let final else {
                throw ModelServerError.streamEndedEarly(server: connection.displayURL, receivedText: text.count)
            }
            var timings: [String: Double] = [:]
            let milliseconds: [(String, String)] = [("total_duration", "total_ms"), ("load_duration", "load_ms"),
                                                    ("prompt_eval_duration", "prompt_ms"), ("eval_duration", "predicted_ms")]
            for (field, name) in milliseconds {
                if let ns = final[field]?.doubleValue { timings[name] = ns / 1_000_000 }
            }
            let promptTokens = final["prompt_eval_count"]?.intValue
            let completionTokens = final["eval_count"]?.intValue
            if let p = promptTokens { timings["prompt_n"] = Double(p) }
            if let c = completionTokens {
                timings["predicted_n"] = Double(c)
                if let ms = timings["predicted_ms"], ms > 0 { timings["predicted_per_second"] = Double(c) * 1000 / ms }
            }
            // Older Ollama versions omit done_reason; hitting num_predict exactly means the limit cut it.
            var reason = final["done_reason"]?.stringValue
            if reason == nil, let maxTokens, let completionTokens, completionTokens >= maxTokens { reason = "length" }
            return ChatResult(text: text, finishReason: FinishReason(serverValue: reason ?? "stop"),
                              promptTokens: promptTokens, completionTokens: completionTokens, timings: timings,
                              modelID: modelID ?? requestedModel)
        }
    }

    /// `/api/tags`: `models[].name` with digest, size and details.
    static func models(from json: JSONValue, connection: ServerConnection) throws -> [ModelInfo] {
        guard let models = json["models"]?.arrayValue else {
            throw ModelServerError.malformedResponse(server: connection.displayURL, path: tagsPath,
                                                     reason: "expected a \"models\" list",
                                                     snippet: String(json.canonicalText.prefix(120)))
        }
        return models.compactMap { entry in
            guard let name = entry["name"]?.stringValue ?? entry["model"]?.stringValue else { return nil }
            let details = [entry["details"]?["parameter_size"]?.stringValue, entry["details"]?["quantization_level"]?.stringValue]
                .compactMap { $0 }.joined(separator: " ")
            return ModelInfo(id: name, digest: entry["digest"]?.stringValue, sizeBytes: entry["size"]?.intValue,
                             contextSize: nil, details: details.isEmpty ? nil : details)
        }
    }

    /// The context length from `/api/show`'s `model_info` (`<architecture>.context_length`).
    static func contextLength(fromShow json: JSONValue) -> Int? {
        if let params = json["parameters"]?.stringValue {
            for line in params.split(separator: "\n") {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2, parts[0] == "num_ctx", let n = Int(parts[1]) { return n }
            }
        }
        guard let info = json["model_info"]?.objectValue else { return nil }
        return info.first(where: { $0.key.hasSuffix(".context_length") })?.value.intValue
    }
}
