#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How much planfit reads from a server before it gives up. A hostile or broken server (a model that
/// repeats itself forever, a server that ignores `max_tokens`, a 200 MB error page) must cost bounded
/// memory and time, and fail with `ModelServerError.responseTooLarge` instead of being cached.
///
/// Two bounds:
/// - `answerBytes`, on the answer text the model produced (the assembled stream content): 16 bytes per
///   requested token. A token is at most a few bytes of UTF-8, so this leaves room for any honest answer.
/// - `bodyBytes`, on the raw response body of any request (streams with their JSON envelopes, JSON
///   bodies, error pages): 8 MiB, or 32 x the answer bound when that is larger (a streamed token costs
///   a few hundred bytes of envelope, and a stream is decoded as it arrives, not held).
/// - `heldBodyBytes`, on a body read whole into memory (a completion from a server that ignores
///   `stream: true`): 8 MiB, or 4 x the answer bound (room for JSON escapes) when that is larger.
public struct ResponseLimits: Sendable, Equatable {
    public var answerBytes: Int
    public var bodyBytes: Int
    public var heldBodyBytes: Int { max(Self.standardBodyBytes, answerBytes * 4) }

    public static let bytesPerToken = 16
    public static let standardBodyBytes = 8 << 20
    /// The token budget assumed when a request sets none (`planfit chat` without --max-tokens).
    public static let defaultTokens = 8192

    public init(answerBytes: Int, bodyBytes: Int) {
        self.answerBytes = answerBytes
        self.bodyBytes = bodyBytes
    }

    /// The bounds for an answer of at most `maxTokens` tokens. `maxTokens` is range-checked where it
    /// enters (at most 131072), and clamped here too so the products cannot overflow.
    public static func forAnswer(maxTokens: Int?) -> ResponseLimits {
        let tokens = min(max(maxTokens ?? defaultTokens, 1), 1 << 24)
        let answer = tokens * bytesPerToken
        return ResponseLimits(answerBytes: answer, bodyBytes: max(standardBodyBytes, answer * 32))
    }

    /// For requests that carry no answer: model lists, versions, error bodies.
    public static let standard = ResponseLimits(answerBytes: standardBodyBytes, bodyBytes: standardBodyBytes)
}
