#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One message of a chat: `system`, `user` or `assistant`.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: "assistant", content: content) }
}

/// What to ask the model; the same value drives both APIs.
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var seed: Int?
    /// OpenAI `max_tokens`, Ollama `num_predict`.
    public var maxTokens: Int?
    /// A JSON schema the answer must follow (OpenAI `response_format` json_schema, Ollama `format`).
    public var responseSchema: JSONValue?
    /// Ollama `num_ctx`; OpenAI-compatible servers fix the context when they start, so it is not sent there.
    public var contextSize: Int?

    public init(messages: [ChatMessage], temperature: Double? = nil, seed: Int? = nil, maxTokens: Int? = nil,
                responseSchema: JSONValue? = nil, contextSize: Int? = nil) {
        self.messages = messages
        self.temperature = temperature
        self.seed = seed
        self.maxTokens = maxTokens
        self.responseSchema = responseSchema
        self.contextSize = contextSize
    }
}

/// Why generation stopped.
public enum FinishReason: String, Sendable, Equatable {
    /// The model finished (end of sequence or a stop word).
    case stop
    /// The token limit cut the answer: it is incomplete. Callers decide; see `ModelServerError.outputTruncated`.
    case length
    /// Anything else the server reported (tool calls, content filter, unknown).
    case other

    init(serverValue: String?) {
        switch serverValue {
        case "stop", "eos", "stop_sequence": self = .stop
        case "length", "max_tokens": self = .length
        default: self = .other
        }
    }
}

/// The answer, in the same shape for both APIs.
public struct ChatResult: Sendable, Equatable {
    public var text: String
    public var finishReason: FinishReason
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// Server timings in milliseconds and rates, named as llama.cpp names them (`prompt_ms`,
    /// `predicted_ms`, `predicted_per_second`, ...); Ollama's nanosecond durations are converted.
    public var timings: [String: Double]
    /// The model id the server reported answering with.
    public var modelID: String

    public init(text: String, finishReason: FinishReason, promptTokens: Int? = nil, completionTokens: Int? = nil,
                timings: [String: Double] = [:], modelID: String) {
        self.text = text
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.timings = timings
        self.modelID = modelID
    }
}
