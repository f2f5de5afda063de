import CCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The live transport: libcurl's blocking easy interface on a thread of its own, its callbacks feeding
/// an `AsyncThrowingStream` chunk by chunk as the network delivers them.
///
/// Why not URLSession: on Linux, FoundationNetworking drives libcurl's multi interface from dispatch
/// timers that fire continuously while a request waits for its first byte. A local model reading a
/// long prompt keeps planfit waiting for seconds to minutes, and that timer spin took a whole core —
/// from the model server planfit was waiting on. libcurl's own poll loop sleeps while it waits.
///
/// Connect and overall timeouts are libcurl's (`CONNECTTIMEOUT_MS`, `TIMEOUT_MS`). The idle timeout (no
/// byte for N seconds, including while the model reads the prompt) and cancellation (Ctrl-C, or the
/// reader stopping) are checked by the progress callback, which libcurl calls at least once a second.
public struct CurlTransport: Transport {
    public var timeouts: Timeouts

    public init(timeouts: Timeouts = .standard) {
        self.timeouts = timeouts
    }

    /// Loads libcurl and sets up its global state, once, before any thread uses it. `nil`, or why
    /// libcurl could not be loaded.
    private static let loadFailure: String? = {
        var reason = [CChar](repeating: 0, count: 512)
        guard planfit_curl_load(&reason, reason.count) != 0 else { return nil }
        return String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let reason = Self.loadFailure {
            throw ModelServerError.networkFailure(
                server: Self.serverName(request.url),
                reason: "libcurl could not be loaded (\(reason)); install it: apt-get install libcurl4")
        }
        try Task.checkCancellation()
        let transfer = CurlTransfer(request: request, timeouts: timeouts, server: Self.serverName(request.url))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.start(head: continuation)
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    static func serverName(_ url: URL) -> String {
        var components = URLComponents()
        components.scheme = url.scheme
        components.host = url.host
        components.port = url.port
        return components.url?.absoluteString ?? url.absoluteString
    }
}

/// One request's state, shared between the curl thread's callbacks and the async side.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let timeouts: Timeouts
    let server: String

    private let lock = Lock()
    private var head: CheckedContinuation<HTTPResponse, Error>?
    private var status = 0
    private var headers: [String: String] = [:]
    private var cancelled = false
    private var lastActivity = Date()
    private var idleExpired = false
    /// Body bytes received so far: bounded by `request.maxResponseBytes`, and reported when the
    /// connection breaks mid-answer.
    private var receivedBytes = 0
    private var oversize = false
    /// Bytes handed to the body stream and not yet taken by its reader. Past `highWater` the curl
    /// thread waits for the reader, so a fast server and a slow reader (parsing JSON per event) cost
    /// bounded memory rather than up to the whole body bound.
    private var outstanding = 0
    static let highWater = 4 << 20
    private let drained = Condition()
    private let body: AsyncThrowingStream<Data, Error>
    private let bodyContinuation: AsyncThrowingStream<Data, Error>.Continuation

    init(request: HTTPRequest, timeouts: Timeouts, server: String) {
        self.request = request
        self.timeouts = timeouts
        self.server = server
        var continuation: AsyncThrowingStream<Data, Error>.Continuation!
        body = AsyncThrowingStream(bufferingPolicy: .unbounded) { continuation = $0 }
        bodyContinuation = continuation
        bodyContinuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.cancel() }
        }
    }

    func start(head continuation: CheckedContinuation<HTTPResponse, Error>) {
        lock.lock()
        head = continuation
        lock.unlock()
        startDetachedThread(name: "planfit.curl") { [self] in perform() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        drained.broadcast()
    }

    /// Called by the body's reader for each chunk it takes.
    fileprivate func consumed(_ count: Int) {
        lock.lock()
        outstanding -= count
        lock.unlock()
        drained.broadcast()
    }

    /// The body as the reader sees it: the chunks, each reported as taken when handed out. When the
    /// reader drops the stream without finishing it, the transfer is cancelled, so the curl thread does
    /// not wait for a reader that is gone.
    private func readerStream() -> AsyncThrowingStream<Data, Error> {
        let reader = BodyReader(transfer: self, iterator: body.makeAsyncIterator())
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Whether the transfer must stop: cancelled, or silent for longer than the idle timeout.
    fileprivate func shouldAbort() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if !cancelled, !idleExpired, Date().timeIntervalSince(lastActivity) > timeouts.idle { idleExpired = true }
        return cancelled || idleExpired
    }

    private var didIdleExpire: Bool {
        lock.lock()
        defer { lock.unlock() }
        return idleExpired
    }

    // MARK: Callbacks (on the curl thread)

    fileprivate func received(headerLine raw: String) {
        let line = raw.trimmedWhitespaceAndNewlines
        lock.lock()
        defer { lock.unlock() }
        lastActivity = Date()
        if line.hasPrefix("HTTP/") {
            // A new response head (after `100 Continue` or a redirect): start over.
            let parts = line.split(separator: " ")
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = [:]
        } else if line.isEmpty {
            if status >= 200 { deliverHeadLocked() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmedWhitespace
            headers[name] = value
        }
    }

    /// False when the body went past its bound: the write callback then makes libcurl abort, so an
    /// endless answer costs neither memory nor time beyond the bound.
    fileprivate func received(body data: Data) -> Bool {
        lock.lock()
        lastActivity = Date()
        guard receivedBytes + data.count <= request.maxResponseBytes else {
            oversize = true
            lock.unlock()
            return false
        }
        receivedBytes += data.count
        outstanding += data.count
        deliverHeadLocked()
        lock.unlock()
        bodyContinuation.yield(data)
        waitForReader()
        return true
    }

    /// Blocks the curl thread while the reader is more than `highWater` bytes behind. Wakes for each
    /// chunk taken and at least every 0.2 s to see a cancellation.
    private func waitForReader() {
        drained.lock()
        defer { drained.unlock() }
        while true {
            lock.lock()
            let behind = outstanding > Self.highWater && !cancelled
            lock.unlock()
            guard behind else { break }
            drained.wait(seconds: 0.2)
        }
        // Time spent waiting for the reader is not the server's silence.
        lock.lock()
        lastActivity = Date()
        lock.unlock()
    }

    private var transferState: (bytes: Int, oversize: Bool) {
        lock.lock()
        defer { lock.unlock() }
        return (receivedBytes, oversize)
    }

    private func deliverHeadLocked() {
        guard let head else { return }
        self.head = nil
        head.resume(returning: HTTPResponse(status: status, headers: headers, body: readerStream()))
    }

    private func finish(_ error: Error?) {
        lock.lock()
        if let head {
            self.head = nil
            lock.unlock()
            if let error {
                head.resume(throwing: error)
            } else {
                head.resume(returning: HTTPResponse(status: status, headers: headers, body: .chunks([])))
            }
            bodyContinuation.finish()
            return
        }
        lock.unlock()
        bodyContinuation.finish(throwing: error)
    }

    // MARK: The transfer

    private func perform() {
        guard let handle = planfit_curl_easy_init() else {
            finish(ModelServerError.networkFailure(server: server, reason: "libcurl could not start a transfer"))
            return
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer {
            planfit_curl_slist_free_all(headerList)
            planfit_curl_easy_cleanup(handle)
        }
        let box = Unmanaged.passUnretained(self).toOpaque()

        _ = planfit_curl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
        _ = planfit_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = planfit_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = planfit_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(timeouts.connect))
        _ = planfit_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeouts.overall))
        // Plans are confidential: never hand them to a proxy configured for other traffic.
        _ = planfit_curl_setopt_string(handle, CURLOPT_PROXY, "")

        switch request.method {
        case "GET": _ = planfit_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case "POST": _ = planfit_curl_setopt_long(handle, CURLOPT_POST, 1)
        default: _ = planfit_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if let body = request.body {
            _ = planfit_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            // COPYPOSTFIELDS: libcurl keeps its own copy, so no Swift buffer must outlive this call.
            body.withUnsafeBytes { raw in
                _ = planfit_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }
        // No `Expect: 100-continue` round trip for large prompts.
        headerList = planfit_curl_slist_append(headerList, "Expect:")
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headerList = planfit_curl_slist_append(headerList, "\(name): \(value)")
        }
        _ = planfit_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))

        _ = planfit_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            let length = size * count
            guard let buffer, let context else { return length }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
            transfer.received(headerLine: line)
            return length
        }
        _ = planfit_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, box)
        _ = planfit_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            let length = size * count
            guard let buffer, let context else { return length }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            if transfer.isCancelled { return 0 }  // makes libcurl stop with CURLE_WRITE_ERROR
            return transfer.received(body: Data(bytes: buffer, count: length)) ? length : 0
        }
        _ = planfit_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, box)
        _ = planfit_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = planfit_curl_setopt_progress_callback(handle) { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().shouldAbort() ? 1 : 0
        }
        _ = planfit_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, box)

        let code = planfit_curl_easy_perform(handle)
        if code == CURLE_OK {
            finish(nil)
            return
        }
        if isCancelled {
            finish(CancellationError())
            return
        }
        let state = transferState
        if state.oversize {
            finish(ModelServerError.responseTooLarge(server: server, limit: request.maxResponseBytes, part: "the response body"))
            return
        }
        if didIdleExpire {
            finish(ModelServerError.idleTimedOut(server: server, seconds: timeouts.idle))
            return
        }
        var connectTime = 0.0
        _ = planfit_curl_getinfo_double(handle, CURLINFO_CONNECT_TIME, &connectTime)
        finish(error(for: code, connected: connectTime > 0, receivedBytes: state.bytes))
    }

    private func error(for code: CURLcode, connected: Bool, receivedBytes: Int) -> ModelServerError {
        // Reset, or closed before the announced end of the body, after the connection opened: the server
        // was reached, so "could not reach" would send the user looking in the wrong place.
        if connected, [CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR].contains(code) {
            return .connectionClosed(server: server, afterBytes: receivedBytes)
        }
        switch code {
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused(server: server)
        case CURLE_OPERATION_TIMEDOUT:
            if !connected { return .connectTimedOut(server: server, seconds: timeouts.connect) }
            return .overallTimedOut(server: server, seconds: timeouts.overall)
        default:
            let reason = String(cString: planfit_curl_easy_strerror(code))
            return .networkFailure(server: server, reason: reason)
        }
    }

    /// Holds the body's iterator for `readerStream`; its end of life cancels an unfinished transfer.
    /// `@unchecked Sendable` without a lock: like any `AsyncIterator` it is advanced by one reader at a
    /// time (the body stream's single consumer); the transfer it reports to locks its own state.
    final class BodyReader: @unchecked Sendable {
        let transfer: CurlTransfer
        var iterator: AsyncThrowingStream<Data, Error>.AsyncIterator
        private var finished = false

        init(transfer: CurlTransfer, iterator: AsyncThrowingStream<Data, Error>.AsyncIterator) {
            self.transfer = transfer
            self.iterator = iterator
        }

        func next() async throws -> Data? {
            do {
                guard let chunk = try await iterator.next() else {
                    finished = true
                    return nil
                }
                transfer.consumed(chunk.count)
                return chunk
            } catch {
                finished = true
                throw error
            }
        }

        deinit { if !finished { transfer.cancel() } }
    }

    static func milliseconds(_ seconds: Double) -> Int {
        Int(min(Double(Int32.max), max(1, seconds * 1000)))
    }
}
