#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two wire protocols planfit speaks.
public enum APIKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Ollama's native `/api/chat` (NDJSON streaming).
    case ollama
    /// OpenAI-compatible `/v1/chat/completions` (SSE streaming): llama-server, vLLM, LM Studio, Ollama's /v1.
    case openai
}

/// What the user asked for: a protocol, or `auto` to probe the server.
public enum APIChoice: String, Sendable, Equatable, CaseIterable {
    case auto, ollama, openai

    public var kind: APIKind? {
        switch self {
        case .auto: return nil
        case .ollama: return .ollama
        case .openai: return .openai
        }
    }
}
