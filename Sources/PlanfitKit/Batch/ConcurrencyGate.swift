/// Lets at most `limit` holders in at once. The limit can rise while waiting holders queue, which is
/// how a batch widens to the server's parallel slots once it has connected.
public actor ConcurrencyGate {
    public private(set) var limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public func enter() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func leave() {
        holders -= 1
        admitWaiting()
    }

    public func setLimit(_ newLimit: Int) {
        limit = max(1, newLimit)
        admitWaiting()
    }

    /// Waiting holders enter in the order they arrived.
    private func admitWaiting() {
        while holders < limit, !waiting.isEmpty {
            holders += 1
            waiting.removeFirst().resume()
        }
    }
}
