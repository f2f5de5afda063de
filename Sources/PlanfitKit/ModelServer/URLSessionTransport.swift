import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live transport: FoundationNetworking's URLSession (libcurl on Linux) with a data delegate
/// bridged into an `AsyncThrowingStream`, so chunks reach the decoders as they arrive
/// (`URLSession.bytes(for:)` does not exist on Linux). Enforces the three timeouts itself:
/// connect (a TCP probe first), idle (re-armed on every byte) and overall.
public struct URLSessionTransport: Transport {
    public var timeouts: Timeouts

    public init(timeouts: Timeouts = .standard) {
        self.timeouts = timeouts
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let server = Self.serverName(request.url)
        switch await TCPConnectProbe.check(request.url, timeout: timeouts.connect) {
        case .open: break
        case .refused: throw ModelServerError.connectionRefused(server: server)
        case .timedOut: throw ModelServerError.connectTimedOut(server: server, seconds: timeouts.connect)
        case .failed(let reason): throw ModelServerError.networkFailure(server: server, reason: reason)
        }
        try Task.checkCancellation()

        let configuration = URLSessionConfiguration.ephemeral
        // URLSession's own limits stay above planfit's so that ours fire first with a clear message.
        configuration.timeoutIntervalForRequest = timeouts.idle + 5
        configuration.timeoutIntervalForResource = timeouts.overall + 5
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = timeouts.idle + 5
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body

        let bridge = StreamingTaskBridge(server: server, timeouts: timeouts)
        let session = URLSession(configuration: configuration, delegate: bridge, delegateQueue: nil)
        return try await bridge.start(session.dataTask(with: urlRequest), in: session)
    }

    static func serverName(_ url: URL) -> String {
        var components = URLComponents()
        components.scheme = url.scheme
        components.host = url.host
        components.port = url.port
        return components.url?.absoluteString ?? url.absoluteString
    }
}

/// Receives one task's delegate callbacks and turns them into a response head (awaited) and a
/// body stream. All state is behind `lock`: callbacks, timers and cancellation race.
final class StreamingTaskBridge: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let server: String
    private let timeouts: Timeouts
    private let lock = NSLock()
    private let body: AsyncThrowingStream<Data, Error>
    private let bodyContinuation: AsyncThrowingStream<Data, Error>.Continuation
    private var headContinuation: CheckedContinuation<HTTPResponse, Error>?
    private var failure: Error?
    private var finished = false
    private var task: URLSessionDataTask?
    private var session: URLSession?
    private var idleTimer: DispatchSourceTimer?
    private var overallTimer: DispatchSourceTimer?
    private let timerQueue = DispatchQueue(label: "planfit.transport.timers")

    init(server: String, timeouts: Timeouts) {
        self.server = server
        self.timeouts = timeouts
        var continuation: AsyncThrowingStream<Data, Error>.Continuation!
        body = AsyncThrowingStream(bufferingPolicy: .unbounded) { continuation = $0 }
        bodyContinuation = continuation
        super.init()
        // The reader stopped (Ctrl-C, or it gave up): stop the transfer too.
        bodyContinuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.fail(CancellationError()) }
        }
    }

    func start(_ task: URLSessionDataTask, in session: URLSession) async throws -> HTTPResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                lock.lock()
                if let failure {
                    lock.unlock()
                    session.invalidateAndCancel()
                    continuation.resume(throwing: failure)
                    return
                }
                headContinuation = continuation
                self.task = task
                self.session = session
                overallTimer = makeTimer(after: timeouts.overall) { [weak self] in
                    guard let self else { return }
                    self.fail(ModelServerError.overallTimedOut(server: self.server, seconds: self.timeouts.overall))
                }
                lock.unlock()
                touch()
                task.resume()
            }
        } onCancel: {
            fail(CancellationError())
        }
    }

    private func makeTimer(after seconds: Double, handler: @escaping () -> Void) -> DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: timerQueue)
        timer.schedule(deadline: .now() + seconds)
        timer.setEventHandler(handler: handler)
        timer.resume()
        return timer
    }

    /// Something arrived: the idle clock starts again.
    private func touch() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        idleTimer?.cancel()
        idleTimer = makeTimer(after: timeouts.idle) { [weak self] in
            guard let self else { return }
            self.fail(ModelServerError.idleTimedOut(server: self.server, seconds: self.timeouts.idle))
        }
    }

    func fail(_ error: Error) {
        lock.lock()
        if finished { lock.unlock(); return }
        finished = true
        failure = error
        let head = headContinuation
        headContinuation = nil
        idleTimer?.cancel()
        overallTimer?.cancel()
        let task = self.task
        let session = self.session
        lock.unlock()
        if let head { head.resume(throwing: error) } else { bodyContinuation.finish(throwing: error) }
        task?.cancel()
        session?.invalidateAndCancel()
    }

    private func succeed() {
        lock.lock()
        if finished { lock.unlock(); return }
        finished = true
        idleTimer?.cancel()
        overallTimer?.cancel()
        let session = self.session
        lock.unlock()
        bodyContinuation.finish()
        session?.finishTasksAndInvalidate()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        touch()
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        let head = HTTPResponse(status: http?.statusCode ?? 0, headers: headers, body: body)
        lock.lock()
        let continuation = headContinuation
        headContinuation = nil
        lock.unlock()
        continuation?.resume(returning: head)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        touch()
        lock.lock()
        let open = !finished
        lock.unlock()
        if open { bodyContinuation.yield(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error {
            fail(map(error))
            return
        }
        lock.lock()
        let headPending = headContinuation != nil
        lock.unlock()
        if headPending {
            fail(ModelServerError.networkFailure(server: server, reason: "the server closed the connection without answering"))
        } else {
            succeed()
        }
    }

    private func map(_ error: Error) -> Error {
        guard let urlError = error as? URLError else {
            return ModelServerError.networkFailure(server: server, reason: "\(error)")
        }
        switch urlError.code {
        case .cannotConnectToHost: return ModelServerError.connectionRefused(server: server)
        case .timedOut: return ModelServerError.idleTimedOut(server: server, seconds: timeouts.idle)
        case .cancelled: return CancellationError()
        case .networkConnectionLost:
            return ModelServerError.networkFailure(server: server, reason: "the connection was lost mid-answer")
        default: return ModelServerError.networkFailure(server: server, reason: urlError.localizedDescription)
        }
    }
}
