/// What a batch connects to once and shares: the model, and how many requests the server takes at once.
public struct BatchConnection: Sendable {
    public var model: any ChatModel
    /// llama.cpp's `total_slots`; nil when the server does not tell.
    public var parallelSlots: Int?

    public init(model: any ChatModel, parallelSlots: Int?) {
        self.model = model
        self.parallelSlots = parallelSlots
    }
}

/// Connects on first use and hands every later caller the same connection, or the same failure: a
/// batch of sixteen plans probes the server once, and a server that is down fails every plan that
/// needs it with one error instead of sixteen connection attempts. Plans answered from the cache
/// never trigger it.
actor SharedConnection {
    private let connect: @Sendable () async throws -> BatchConnection
    private var attempt: Task<BatchConnection, Error>?

    init(connect: @escaping @Sendable () async throws -> BatchConnection) {
        self.connect = connect
    }

    func get() async throws -> BatchConnection {
        if let attempt { return try await attempt.value }
        let connect = self.connect
        let task = Task { try await connect() }
        attempt = task
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
