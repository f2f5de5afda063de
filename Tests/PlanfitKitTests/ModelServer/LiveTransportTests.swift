import Foundation
import Testing
@testable import PlanfitKit
#if canImport(Glibc)
import Glibc
#endif

/// A listening socket on 127.0.0.1 with a port the system picked: tests never collide on ports.
func listenOnLoopback() throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
            guard bind(fd, sa, length) == 0, listen(fd, 4) == 0, getsockname(fd, sa, &length) == 0 else {
                close(fd)
                throw ModelServerError.networkFailure(server: "test", reason: "cannot listen")
            }
        }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A one-connection HTTP server on 127.0.0.1 that answers with scripted pieces and pauses, to
/// exercise the live transport without a model server.
final class ScriptedHTTPServer: @unchecked Sendable {
    enum Step { case send(String), pause(Double) }
    let port: Int
    private let fd: Int32

    init(_ steps: [Step]) throws {
        (fd, port) = try listenOnLoopback()
        let listener = fd
        Thread.detachNewThread {
            // The transport's TCP probe connects and closes first; serve the connection that sends a request.
            while true {
                let client = accept(listener, nil, nil)
                // stop() shuts the socket down but leaves closing it to this thread, so the descriptor
                // number cannot be reused by another test's server while this loop still accepts on it.
                if client < 0 { close(listener); return }
                guard Self.readRequest(client) else { close(client); continue }
                for step in steps {
                    switch step {
                    // MSG_NOSIGNAL: the client may already have hung up (that is what the timeout tests do).
                    case .send(let text): _ = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                    case .pause(let seconds): Thread.sleep(forTimeInterval: seconds)
                    }
                }
                close(client)
            }
        }
    }

    /// Reads the head and a Content-Length body; closing with unread bytes would reset the connection.
    static func readRequest(_ client: Int32) -> Bool {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return false }
            received += buffer[0..<n]
            let text = String(decoding: received, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound].lowercased()
            let length = head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count >= text[..<end.upperBound].utf8.count + length { return true }
        }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/v1/chat/completions")! }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)) }
}

/// The live transport (libcurl) against a scripted HTTP server on loopback.
@Suite struct LiveTransportTests {
    func transport(_ timeouts: Timeouts = .standard) -> any Transport {
        CurlTransport(timeouts: timeouts)
    }

    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"

    @Test func streamsChunksAsTheyArrive() async throws {
        let server = try ScriptedHTTPServer([.send(head), .send("data: {\"a\":1}\n\n"), .pause(0.2), .send("data: [DONE]\n\n")])
        defer { server.stop() }
        let response = try await transport().send(HTTPRequest(method: "POST", url: server.url, body: Data("{}".utf8)))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/event-stream")
        var chunks: [Data] = []
        for try await chunk in response.body { chunks.append(chunk) }
        #expect(chunks.count >= 2, "the pause separates two deliveries")
        #expect(String(decoding: chunks.reduce(Data(), +), as: UTF8.self) == "data: {\"a\":1}\n\ndata: [DONE]\n\n")
    }

    @Test func idleTimeoutFiresWhenTheServerGoesQuiet() async throws {
        let server = try ScriptedHTTPServer([.send(head), .send("data: {}\n\n"), .pause(3)])
        defer { server.stop() }
        let transport = transport(Timeouts(connect: 2, idle: 0.5, overall: 60))
        let error = await modelServerError {
            let response = try await transport.send(HTTPRequest(method: "GET", url: server.url))
            for try await _ in response.body {}
        }
        guard case .idleTimedOut(_, 0.5) = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func overallTimeoutIsSeparateFromIdle() async throws {
        let steps: [ScriptedHTTPServer.Step] = [.send(head)] + Array(repeating: [.send(": ping\n\n"), .pause(0.2)], count: 15).flatMap { $0 }
        let server = try ScriptedHTTPServer(steps)
        defer { server.stop() }
        // Data keeps coming (so the idle limit never fires); only the overall limit can end this.
        let transport = transport(Timeouts(connect: 2, idle: 10, overall: 1.5))
        let error = await modelServerError {
            let response = try await transport.send(HTTPRequest(method: "GET", url: server.url))
            for try await _ in response.body {}
        }
        guard case .overallTimedOut = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test func cancellingTheTaskStopsTheRequest() async throws {
        let server = try ScriptedHTTPServer([.pause(5)])
        defer { server.stop() }
        let live = transport()
        let task = Task { try await live.send(HTTPRequest(method: "GET", url: server.url)) }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    @Test func chunkedAndContentLengthBodiesAreDecoded() async throws {
        let chunked = try ScriptedHTTPServer([.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"),
                                              .send("7\r\ndata: {\r\n"), .pause(0.1), .send("4;ext=1\r\n}\n\n\n\r\n0\r\n\r\n")])
        defer { chunked.stop() }
        let response = try await CurlTransport().send(HTTPRequest(method: "GET", url: chunked.url))
        #expect(String(decoding: try await response.collectBody(), as: UTF8.self) == "data: {}\n\n\n")
        let sized = try ScriptedHTTPServer([.send("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!trailing garbage")])
        defer { sized.stop() }
        let notFound = try await CurlTransport().send(HTTPRequest(method: "GET", url: sized.url))
        #expect(notFound.status == 404)
        #expect(String(decoding: try await notFound.collectBody(), as: UTF8.self) == "nope!")
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let server = try ScriptedHTTPServer([])
        let url = server.url
        server.stop()
        let error = await modelServerError { _ = try await transport().send(HTTPRequest(method: "GET", url: url)) }
        #expect(error == .connectionRefused(server: "http://127.0.0.1:\(url.port!)"))
    }
}
