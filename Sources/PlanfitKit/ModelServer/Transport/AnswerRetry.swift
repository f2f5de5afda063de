import Synchronization

/// Whether any part of an answer has arrived: set by the reader at the first piece of answer text of a
/// stream, or before the first byte of an answer sent whole. Until then, a broken answer may be asked
/// for again; after it, never.
final class AnswerProgress: Sendable {
    private let arrived = Mutex(false)

    var hasArrived: Bool { arrived.withLock { $0 } }

    func markArrived() { arrived.withLock { $0 = true } }
}

extension RetryRules {
    /// Whether a failure while reading an answer of which nothing had arrived is worth asking again: the
    /// connection broke, the stream ended, or the server (or a router) reported an error in the stream,
    /// all before the first piece of text. That is a backend dying while it read the prompt, behind a
    /// proxy that had already sent its status line (llama-server sends it before reading the prompt; a
    /// router with no retries of its own sends the error it got). A prompt that does not fit, an answer
    /// that is malformed or too large, and timeouts are not: they would fail again.
    static func isBrokenBeforeAnswer(_ error: any Error) -> Bool {
        switch error as? ModelServerError {
        case .connectionClosed?, .streamEndedEarly?, .streamError?: return true
        default: return false
        }
    }
}

extension ServerConnection {
    /// Sends a chat request and reads the answer with `read`, which marks `progress` when the answer
    /// starts to arrive. A failed response (`send`'s retries) and an answer that broke off before any of
    /// it arrived are tried again, with backoff, within one bound (`RetryPolicy.maxRetries` more tries in
    /// all); an answer that broke off after part of it arrived is never asked for again.
    func answer<Answer>(_ request: HTTPRequest, api: APIKind, model: String,
                        read: (HTTPResponse, AnswerProgress) async throws -> Answer) async throws -> Answer {
        var attempt = 0
        while true {
            let response = try await sendExpectingSuccess(request, api: api, model: model, attempt: &attempt)
            let progress = AnswerProgress()
            do {
                return try await read(response, progress)
            } catch where !progress.hasArrived && RetryRules.isBrokenBeforeAnswer(error) && attempt <= retry.maxRetries {
                try await retry.sleep(retry.delay(afterAttempt: attempt))
            }
        }
    }
}
