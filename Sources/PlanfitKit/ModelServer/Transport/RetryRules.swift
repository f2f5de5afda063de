/// What `ServerConnection.send` tries again, and what it never does.
///
/// Tried again, up to `RetryPolicy.maxRetries` times with backoff:
/// - a response with one of `retriedStatuses` (a busy server, a failing or restarting backend, a router
///   whose backend is down: LiteLLM answers that with 500), unless its body says the prompt does not fit
///   the context, which no retry changes;
/// - a connection refused, reset or closed before the response's head arrived, when the policy allows it
///   (`RetryPolicy.retriesConnectionFailures`).
///
/// Never tried again: anything after the response's head arrived. Transports deliver the head before
/// the first body byte and report later failures through the body stream, which only the backend
/// reads; so a streamed answer that breaks off, however little of it came, is never sent again, and no
/// text is ever shown twice or stitched from two answers.
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
