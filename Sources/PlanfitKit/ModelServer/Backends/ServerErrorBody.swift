#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The error bodies model servers send, reduced to what planfit reports. Shapes understood:
/// OpenAI and llama.cpp `{"error": {"message", "type", "code", "n_prompt_tokens", "n_ctx"}}`,
/// vLLM's older `{"object": "error", "message", "type", "code"}`, Ollama `{"error": "text"}`,
/// and plain text.
public struct ServerErrorBody: Sendable, Equatable {
    public var message: String
    public var type: String?
    public var promptTokens: Int?
    public var contextSize: Int?

    public init(message: String, type: String? = nil, promptTokens: Int? = nil, contextSize: Int? = nil) {
        self.message = message
        self.type = type
        self.promptTokens = promptTokens
        self.contextSize = contextSize
    }

    public static func parse(_ data: Data) -> ServerErrorBody {
        guard let json = try? JSONValue.parse(data) else {
            if let page = htmlPage(data) { return ServerErrorBody(message: page) }
            return ServerErrorBody(message: ModelServerError.snippet(data, limit: 300).trimmedWhitespace)
        }
        return parse(json) ?? ServerErrorBody(message: ModelServerError.snippet(data, limit: 300))
    }

    /// Nil when the JSON carries no error.
    public static func parse(_ json: JSONValue) -> ServerErrorBody? {
        if let inner = json["error"]?.objectValue {
            var body = ServerErrorBody(message: inner["message"]?.stringValue ?? JSONValue.object(inner).canonicalText,
                                       type: inner["type"]?.stringValue ?? inner["code"]?.stringValue,
                                       promptTokens: inner["n_prompt_tokens"]?.intValue,
                                       contextSize: inner["n_ctx"]?.intValue)
            body.fillContextNumbersFromMessage()
            return body
        }
        if let text = json["error"]?.stringValue {
            var body = ServerErrorBody(message: text)
            body.fillContextNumbersFromMessage()
            return body
        }
        if json["object"]?.stringValue == "error" {
            var body = ServerErrorBody(message: json["message"]?.stringValue ?? "", type: json["type"]?.stringValue)
            body.fillContextNumbersFromMessage()
            return body
        }
        if let detail = json["detail"]?.stringValue { return ServerErrorBody(message: detail) }
        return nil
    }

    /// A proxy's or web server's error page, reduced to its `<title>`: the first 300 characters of
    /// markup tell the reader nothing. Nil when the body is not HTML. The title is sanitised (no control
    /// or bidi characters) and bounded, since the page comes from whatever answered on that port.
    static func htmlPage(_ data: Data) -> String? {
        let bytes = Array(String(decoding: data.prefix(64 << 10), as: UTF8.self).utf8)
        // ASCII-only lower-casing keeps every byte offset, so a range found in `lower` cuts `bytes` too.
        let lower = String(decoding: bytes.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        guard lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<title") else { return nil }
        guard let open = lower.asciiCaseInsensitiveRange(of: "<title"),
              let close = lower.asciiCaseInsensitiveRange(of: ">", from: open.upperBound),
              let end = lower.asciiCaseInsensitiveRange(of: "</title", from: close.upperBound) else {
            return "an HTML page with no title"
        }
        let from = lower.utf8.distance(from: lower.startIndex, to: close.upperBound)
        let to = lower.utf8.distance(from: lower.startIndex, to: end.lowerBound)
        guard from <= to, to <= bytes.count else { return "an HTML page with no title" }
        let title = String(decoding: bytes[from..<to], as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !title.isEmpty else { return "an HTML page with no title" }
        return "an HTML page titled \"\(TerminalText.sanitised(ModelServerError.bounded(title, limit: 200)))\""
    }

    /// An error object that is itself the top level: llama.cpp's `error: {"code": 500, "message": ...}` stream line.
    public static func parseReported(_ text: String) -> ServerErrorBody {
        guard let json = try? JSONValue.parse(text) else { return ServerErrorBody(message: text) }
        if let body = parse(json) { return body }
        if let message = json["message"]?.stringValue {
            var body = ServerErrorBody(message: message, type: json["type"]?.stringValue,
                                       promptTokens: json["n_prompt_tokens"]?.intValue, contextSize: json["n_ctx"]?.intValue)
            body.fillContextNumbersFromMessage()
            return body
        }
        return ServerErrorBody(message: text)
    }

    /// True for llama.cpp's `exceed_context_size_error` and vLLM's "maximum context length" message.
    public var isContextOverflow: Bool {
        if type == "exceed_context_size_error" { return true }
        let m = message.lowercased()
        return m.contains("exceeds the available context size") || m.contains("maximum context length")
            || m.contains("context length exceeded") || m.contains("context_length_exceeded")
    }

    /// llama.cpp answers every route with 503 "Loading model" until the model is in memory.
    public var isLoading: Bool { message.lowercased().contains("loading model") }

    public var isModelNotFound: Bool {
        let m = message.lowercased()
        return type == "model_not_found" || (m.contains("model") && (m.contains("not found") || m.contains("does not exist")))
    }

    /// vLLM states the numbers only in prose: "This model's maximum context length is 4096 tokens.
    /// However, you requested 5000 tokens (...)".
    private mutating func fillContextNumbersFromMessage() {
        guard isContextOverflow else { return }
        if contextSize == nil { contextSize = Self.number(after: "maximum context length is ", in: message) }
        if promptTokens == nil {
            promptTokens = Self.number(after: "request (", in: message)
                ?? Self.number(after: "resulted in ", in: message)
                ?? Self.number(after: "you requested ", in: message)
        }
        if contextSize == nil { contextSize = Self.number(after: "available context size (", in: message) }
    }

    private static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.asciiCaseInsensitiveRange(of: marker) else { return nil }
        let digits = text[range.upperBound...].prefix(while: \.isNumber)
        return Int(digits)
    }
}
