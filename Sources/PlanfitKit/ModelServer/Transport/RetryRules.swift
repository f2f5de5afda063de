/// What planfit tries again when a server fails, and what it never does.
///
/// Tried again, up to `RetryPolicy.maxRetries` more times in all, with backoff:
/// - a response with one of `retriedStatuses` (a busy server, a failing or restarting backend, a router
///   whose backend is down: LiteLLM answers that with 500), unless its body says the prompt does not fit
///   the context, which no retry changes (`ServerConnection.send`);
/// - a connection refused, reset or closed before the response's head arrived, when the policy allows it
///   (`RetryPolicy.retriesConnectionFailures`; `ServerConnection.send`);
/// - an answer that broke off before any of it arrived: the connection closed, or the stream ended or
///   carried an error, before the first piece of text (`ServerConnection.answer`).
///
/// Never tried again: an answer of which any part arrived (a piece of streamed text, or any byte of an
/// answer sent whole). So no text is ever shown twice or stitched from two answers.
enum RetryRules {
    static let retriedStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// Whether `error`, thrown by `Transport.send` (so before any response head), is a connection that
    /// failed and may work on the next try. Timeouts are not: a server too slow once is slow again, and
    /// the user chose the limit.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        switch error as? ModelServerError {
        case .connectionRefused?, .connectionClosed?: return true
        default: return false
        }
    }

    /// Whether a response with this status and error body is worth asking again.
    static func retries(status: Int, error: ServerErrorBody) -> Bool {
        retriedStatuses.contains(status) && !error.isContextOverflow
    }
}

extension RetryPolicy {
    /// The same policy, with connection failures reported at once (for discovery's probes).
    var failingFastOnConnections: RetryPolicy {
        var policy = self
        policy.retriesConnectionFailures = false
        return policy
    }
}
