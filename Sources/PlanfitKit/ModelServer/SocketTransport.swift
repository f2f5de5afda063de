import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The live transport for plain-HTTP servers (every local model server): HTTP/1.1 over a POSIX
/// socket, one blocking thread per request waiting in poll(). FoundationNetworking's URLSession
/// busy-polls on Linux while it waits — measured at about half a core for a request that is only
/// waiting for tokens, on a machine where the model server needs every core — so planfit speaks
/// HTTP itself. Chunks reach the decoders as they arrive, and the three timeouts are exact: connect
/// (the TCP handshake), idle (between reads) and overall. `https` URLs go to URLSessionTransport.
public struct SocketTransport: Transport {
    public var timeouts: Timeouts

    public init(timeouts: Timeouts = .standard) {
        self.timeouts = timeouts
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.scheme?.lowercased() == "https" {
            return try await URLSessionTransport(timeouts: timeouts).send(request)
        }
        let exchange = SocketExchange(request: request, timeouts: timeouts)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(continuation)
            }
        } onCancel: {
            exchange.cancel()
        }
    }
}

/// One request on its own thread: connect, write, read the head, then stream the body.
final class SocketExchange: @unchecked Sendable {
    private let request: HTTPRequest
    private let timeouts: Timeouts
    private let server: String
    private let wake: (read: Int32, write: Int32)
    private let lock = NSLock()
    private var cancelled = false

    init(request: HTTPRequest, timeouts: Timeouts) {
        self.request = request
        self.timeouts = timeouts
        self.server = URLSessionTransport.serverName(request.url)
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wake = (fds[0], fds[1])
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// Wakes the thread's poll; it then stops with CancellationError.
    func cancel() {
        lock.lock()
        let first = !cancelled
        cancelled = true
        lock.unlock()
        if first {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
        }
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func start(_ head: CheckedContinuation<HTTPResponse, Error>) {
        let thread = Thread { [self] in run(head) }
        thread.name = "planfit-http"
        thread.start()
    }

    private func run(_ head: CheckedContinuation<HTTPResponse, Error>) {
        var headDelivered = false
        var body: AsyncThrowingStream<Data, Error>.Continuation?
        var fd: Int32 = -1
        defer { if fd >= 0 { close(fd) } }
        do {
            fd = try connect()
            let deadline = Date().addingTimeInterval(timeouts.overall)
            var reader = Reader(exchange: self, fd: fd, deadline: deadline)
            try writeAll(fd, requestBytes(), deadline: deadline)
            let (status, headers) = try reader.readHead()
            var continuation: AsyncThrowingStream<Data, Error>.Continuation!
            let stream = AsyncThrowingStream<Data, Error>(bufferingPolicy: .unbounded) { continuation = $0 }
            continuation.onTermination = { [weak self] termination in
                if case .cancelled = termination { self?.cancel() }
            }
            body = continuation
            headDelivered = true
            head.resume(returning: HTTPResponse(status: status, headers: headers, body: stream))
            try reader.readBody(headers: headers, status: status) { continuation.yield($0) }
            continuation.finish()
        } catch {
            if headDelivered { body?.finish(throwing: error) } else { head.resume(throwing: error) }
        }
    }

    private func connect() throws -> Int32 {
        guard let rawHost = request.url.host else {
            throw ModelServerError.networkFailure(server: server, reason: "the URL has no host")
        }
        let host = rawHost.hasPrefix("[") ? String(rawHost.dropFirst().dropLast()) : rawHost
        switch TCPConnectProbe.openSocket(host: host, port: request.url.port ?? 80, timeout: timeouts.connect) {
        case .success(let fd):
            if isCancelled { close(fd); throw CancellationError() }
            return fd
        case .failure(.refused): throw ModelServerError.connectionRefused(server: server)
        case .failure(.timedOut): throw ModelServerError.connectTimedOut(server: server, seconds: timeouts.connect)
        case .failure(.failed(let reason)): throw ModelServerError.networkFailure(server: server, reason: reason)
        case .failure(.open): throw ModelServerError.networkFailure(server: server, reason: "unexpected connect state")
        }
    }

    private func requestBytes() -> [UInt8] {
        var host = request.url.host ?? "localhost"
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        if let port = request.url.port { host += ":\(port)" }
        var lines = ["\(request.method.uppercased()) \(request.pathAndQuery) HTTP/1.1", "Host: \(host)",
                     "User-Agent: planfit/\(PlanfitVersion.current)", "Connection: close"]
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key })
        where !["host", "connection", "content-length"].contains(name.lowercased()) {
            lines.append("\(name): \(value)")
        }
        if let body = request.body { lines.append("Content-Length: \(body.count)") }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + [UInt8](request.body ?? Data())
    }

    /// Waits until `fd` is ready or a limit passes: idle (since the last progress) or overall.
    fileprivate func wait(_ fd: Int32, for events: Int16, deadline: Date) throws {
        let idleEnd = Date().addingTimeInterval(timeouts.idle)
        while true {
            if isCancelled { throw CancellationError() }
            let end = min(idleEnd, deadline)
            let remaining = end.timeIntervalSinceNow
            if remaining <= 0 {
                if deadline <= idleEnd { throw ModelServerError.overallTimedOut(server: server, seconds: timeouts.overall) }
                throw ModelServerError.idleTimedOut(server: server, seconds: timeouts.idle)
            }
            var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 && errno != EINTR {
                throw ModelServerError.networkFailure(server: server, reason: String(cString: strerror(errno)))
            }
            if fds[1].revents != 0 { throw CancellationError() }
            if ready > 0 && fds[0].revents != 0 { return }
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8], deadline: Date) throws {
        var offset = 0
        while offset < bytes.count {
            try wait(fd, for: Int16(POLLOUT), deadline: deadline)
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw ModelServerError.networkFailure(server: server, reason: "sending the request failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    fileprivate var serverName: String { server }
}

/// Reads a response: the head, then the body framed by chunked encoding, Content-Length or close.
private struct Reader {
    let exchange: SocketExchange
    let fd: Int32
    let deadline: Date
    var buffer: [UInt8] = []
    var closed = false

    init(exchange: SocketExchange, fd: Int32, deadline: Date) {
        self.exchange = exchange
        self.fd = fd
        self.deadline = deadline
    }

    /// Reads more bytes into the buffer; false at end of stream.
    mutating func fill() throws -> Bool {
        if closed { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            try exchange.wait(fd, for: Int16(POLLIN), deadline: deadline)
            let n = read(fd, &chunk, chunk.count)
            if n > 0 { buffer += chunk[0..<n]; return true }
            if n == 0 { closed = true; return false }
            if errno == EAGAIN || errno == EINTR { continue }
            throw ModelServerError.networkFailure(server: exchange.serverName,
                                                  reason: "the connection failed: \(String(cString: strerror(errno)))")
        }
    }

    mutating func readHead() throws -> (Int, [String: String]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = find(separator) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
                    throw ModelServerError.malformedResponse(server: exchange.serverName, path: "", reason: "the answer is not HTTP",
                                                             snippet: String(head.prefix(80)))
                }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                if status == 100 { continue }  // "100 Continue": the real head follows
                return (status, headers)
            }
            guard try fill() else {
                throw ModelServerError.networkFailure(server: exchange.serverName, reason: "the server closed the connection without answering")
            }
        }
    }

    mutating func readBody(headers: [String: String], status: Int, emit: (Data) -> Void) throws {
        if status == 204 || status == 304 { return }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            try readChunked(emit: emit)
        } else if let length = headers["content-length"].flatMap(Int.init) {
            var remaining = length
            while remaining > 0 {
                if buffer.isEmpty, try !fill() { throw ended() }
                let take = min(remaining, buffer.count)
                emit(Data(buffer[..<take]))
                buffer.removeFirst(take)
                remaining -= take
            }
        } else {
            while true {
                if !buffer.isEmpty { emit(Data(buffer)); buffer.removeAll() }
                if try !fill() { return }
            }
        }
    }

    private mutating func readChunked(emit: (Data) -> Void) throws {
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16) else {
                throw ModelServerError.malformedResponse(server: exchange.serverName, path: "", reason: "bad chunked encoding",
                                                         snippet: String(sizeLine.prefix(40)))
            }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers
                return
            }
            var remaining = size
            while remaining > 0 {
                if buffer.isEmpty, try !fill() { throw ended() }
                let take = min(remaining, buffer.count)
                emit(Data(buffer[..<take]))
                buffer.removeFirst(take)
                remaining -= take
            }
            _ = try readLine()
        }
    }

    private mutating func readLine() throws -> String {
        while true {
            if let end = find([13, 10]) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            if try !fill() { throw ended() }
        }
    }

    private func ended() -> Error {
        ModelServerError.networkFailure(server: exchange.serverName, reason: "the connection closed in the middle of the answer")
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var i = 0
        while i <= buffer.count - pattern.count {
            if buffer[i] == pattern[0] && Array(buffer[i..<i + pattern.count]) == pattern { return i }
            i += 1
        }
        return nil
    }
}
