import Foundation
import Testing
@testable import PlanfitKit
#if canImport(Glibc)
import Glibc
#endif

/// A one-connection HTTP server on 127.0.0.1 that generates its answer piece by piece, so a test can
/// serve 200 MB without holding it; it counts what it managed to send, and can end with a reset.
final class GeneratingHTTPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var sentBytes = 0

    /// `piece(i)` is the i-th piece of the response (head included); nil ends it. `reset` closes with
    /// SO_LINGER 0, which sends a TCP reset instead of a clean close.
    init(reset: Bool = false, _ piece: @escaping @Sendable (Int) -> String?) throws {
        (fd, port) = try listenOnLoopback()
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { close(listener); return }
                guard ScriptedHTTPServer.readRequest(client) else { close(client); continue }
                var index = 0
                sending: while let text = piece(index) {
                    index += 1
                    let sent = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                    if sent <= 0 { break sending }  // the client hung up: what a bounded reader does
                    lock.withLock { sentBytes += sent }
                }
                if reset {
                    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                    setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                }
                close(client)
            }
        }
    }

    var sent: Int { lock.withLock { sentBytes } }
    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }
    func stop() { shutdown(fd, Int32(SHUT_RDWR)) }
}

/// Issue 9, items 3 and 7: bounded answers from hostile servers, and messages that say what happened.
@Suite struct HostileServerTests {
    static let megabyte = 1 << 20
    static let sseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"

    func client(_ server: GeneratingHTTPServer) -> ModelClient {
        ModelClient(serverURL: server.base, api: .openai, model: "smollm2", transport: CurlTransport(), retry: instantRetry())
    }

    let request = ChatRequest(messages: [.user("hi")], maxTokens: 4096)

    /// 200 MB of SSE events, 4 KiB of answer text each, generated as they are sent.
    static func endlessAnswer(totalBytes: Int = 200 * megabyte) -> @Sendable (Int) -> String? {
        let event = "data: " + (["choices": [["index": 0, "delta": ["content": .string(String(repeating: "la ", count: 1365))]]]] as JSONValue).canonicalText + "\n\n"
        let count = totalBytes / event.utf8.count
        return { index in index == 0 ? sseHead : index <= count ? event : nil }
    }

    // Hang guards are the time limits; "fast" is what the server managed to send (no timed assertion:
    // under load a sound run once took 100 s of wall time here).
    @Test(.timeLimit(.minutes(5)))
    func aTwoHundredMegabyteStreamedAnswerFailsFastWithTheNamedError() async throws {
        let server = try GeneratingHTTPServer(Self.endlessAnswer())
        defer { server.stop() }
        let error = await modelServerError { _ = try await client(server).chat(request) }
        #expect(error == .responseTooLarge(server: "http://127.0.0.1:\(server.port)", limit: 4096 * 16, part: "the answer"))
        #expect(error?.description.hasPrefix("the server sent more than 65536 bytes") == true)
        #expect(error?.exitStatus == .dataError)
        // The transport stopped reading at its body bound (8 MiB plus what the socket buffers held),
        // so the server could not push the rest.
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(server.sent < 32 * Self.megabyte, "the server sent \(server.sent) bytes")
    }

    @Test(.timeLimit(.minutes(5)))
    func aTwoHundredMegabyteJSONBodyIsTooLargeNotMalformed() async throws {
        let length = 200 * Self.megabyte
        let block = String(repeating: "x", count: 64 << 10)
        let server = try GeneratingHTTPServer { index in
            if index == 0 {
                return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\r\n{\"choices\":[{\"message\":{\"content\":\""
            }
            return index <= length / block.utf8.count ? block : nil
        }
        defer { server.stop() }
        let error = await modelServerError { _ = try await client(server).chat(request) }
        #expect(error == .responseTooLarge(server: "http://127.0.0.1:\(server.port)", limit: ResponseLimits.standardBodyBytes,
                                           part: "the response body"))
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(server.sent < 32 * Self.megabyte, "the server sent \(server.sent) bytes")
    }

    @Test func aTwoHundredMegabyteErrorPageIsBoundedToo() async throws {
        let block = String(repeating: "<p>down</p>", count: 4096)
        let server = try GeneratingHTTPServer { index in
            index == 0 ? "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>"
                : index <= (200 * Self.megabyte) / block.utf8.count ? block : nil
        }
        defer { server.stop() }
        let error = await modelServerError { _ = try await client(server).chat(request) }
        guard case .responseTooLarge(_, ResponseLimits.standardBodyBytes, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
    }

    @Test func anAnswerWithinItsBoundStillPasses() async throws {
        // 60 KiB of text against a 64 KiB bound: the bound must not cut honest answers.
        let server = try GeneratingHTTPServer { index in
            index == 0 ? Self.sseHead : index <= 16 ? sseStream([String(repeating: "abcd", count: 960)])[0]
                : index == 17 ? sseStream([])[0] + "data: [DONE]\n\n" : nil
        }
        defer { server.stop() }
        let result = try await client(server).chat(request)
        #expect(result.text.utf8.count == 16 * 3840)
    }

    @Test func aSlowReaderHoldsBackTheTransferInsteadOfBufferingIt() async throws {
        let block = String(repeating: "z", count: 64 << 10)
        let blocks = 48 * 16  // 48 MiB
        let server = try GeneratingHTTPServer { index in
            index == 0 ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(blocks * block.utf8.count)\r\n\r\n"
                : index <= blocks ? block : nil
        }
        defer { server.stop() }
        let response = try await CurlTransport().send(HTTPRequest(method: "GET", url: server.base, maxResponseBytes: 64 << 20))
        var iterator = response.body.makeAsyncIterator()
        var total = try await iterator.next()?.count ?? 0
        try await Task.sleep(nanoseconds: 1_000_000_000)
        // The curl thread waits once 4 MiB are unread; the rest is what the sockets' buffers hold.
        #expect(server.sent < 24 << 20, "the server pushed \(server.sent) bytes into a reader that took one chunk")
        while let chunk = try await iterator.next() { total += chunk.count }
        #expect(total == blocks * block.utf8.count, "every byte still arrives")
    }

    @Test func theBoundFollowsMaxTokens() {
        #expect(ResponseLimits.forAnswer(maxTokens: 4096) == ResponseLimits(answerBytes: 65536, bodyBytes: 8 << 20))
        #expect(ResponseLimits.forAnswer(maxTokens: 131_072) == ResponseLimits(answerBytes: 2 << 20, bodyBytes: 64 << 20))
        #expect(ResponseLimits.forAnswer(maxTokens: Int.max).answerBytes == 16 << 24)
    }

    @Test func replayedAnswersAreBoundedTheSameWay() async throws {
        let big = String(repeating: "y", count: 70_000)
        let error = await modelServerError {
            _ = try await openAIClient(replaying([exchange("/v1/chat/completions", body: OpenAIBackend.requestBody(request, model: "smollm2"), contentType: "text/event-stream", sseStream([big]))]))
                .chat(request)
        }
        #expect(error == .responseTooLarge(server: "http://127.0.0.1:8091", limit: 65536, part: "the answer"))
    }

    @Test func aResetMidStreamSaysHowMuchArrived() async throws {
        let first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"}}]}\n\n"
        let server = try GeneratingHTTPServer(reset: true) { index in
            index == 0 ? Self.sseHead : index == 1 ? first : nil
        }
        defer { server.stop() }
        let error = await modelServerError { _ = try await client(server).chat(request) }
        // A reset that arrives after the body is read may look like an early end to libcurl; either
        // way the message must not say the server could not be reached.
        switch error {
        case .connectionClosed(_, let bytes)?:
            #expect(bytes == first.utf8.count)
            #expect(error!.description.hasPrefix("the server closed the connection after \(first.utf8.count) bytes"))
        case .streamEndedEarly?: Issue.record("the reset was seen as a clean close")
        default: Issue.record("got \(String(describing: error))")
        }
    }

    @Test func aBodyCutShortOfItsLengthIsAClosedConnection() async throws {
        let server = try GeneratingHTTPServer { index in
            index == 0 ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                : index == 1 ? "{\"choices\":" : nil
        }
        defer { server.stop() }
        let error = await modelServerError { _ = try await client(server).chat(request) }
        #expect(error == .connectionClosed(server: "http://127.0.0.1:\(server.port)", afterBytes: 11))
        #expect(error?.description.contains("could not reach") == false)
    }

    @Test func aRedirectIsNamedAndNotFollowed() async throws {
        let server = try GeneratingHTTPServer { index in
            index == 0 ? "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://elsewhere.example/v1/chat/completions\r\nContent-Length: 0\r\n\r\n" : nil
        }
        defer { server.stop() }
        let error = await modelServerError { _ = try await client(server).chat(request) }
        #expect(error == .redirected(server: "http://127.0.0.1:\(server.port)", status: 307,
                                     location: "http://elsewhere.example/v1/chat/completions"))
        #expect(error?.description.hasPrefix("the server redirected to http://elsewhere.example/v1/chat/completions; "
            + "planfit does not follow redirects") == true)
    }

    @Test func anHTMLErrorPageIsReportedByStatusAndTitle() {
        let page = Data("<!DOCTYPE html><HTML><head><TITLE>\n 502 Bad\u{1b}]0;owned\u{7} Gateway </title></head><body>\(String(repeating: "x", count: 5000))</body></html>".utf8)
        let body = ServerErrorBody.parse(page)
        #expect(body.message == "an HTML page titled \"502 Bad\\x1b]0;owned\\x07 Gateway\"")
        #expect(ServerErrorBody.parse(Data("<html><body>no title</body></html>".utf8)).message == "an HTML page with no title")
        let long = ServerErrorBody.parse(Data("<title>\(String(repeating: "t", count: 1000))</title>".utf8)).message
        #expect(long.count < 230)
    }

    @Test func aServerAnsweringEveryProbeWithAnHTMLErrorSaysSo() async throws {
        let page = "<html><head><title>500 Internal Server Error</title></head></html>"
        let transport = replaying([
            exchange("GET", "/api/version", status: 500, contentType: "text/html", [page]),
            exchange("GET", "/v1/models", status: 500, contentType: "text/html", [page]),
        ])
        let error = await modelServerError {
            _ = try await ServerDiscovery.locate(settings: ModelServerSettings(server: testServer), transport: transport,
                                                 retry: RetryPolicy(maxRetries: 0, baseDelay: 0, maxDelay: 0, loadingWait: 0, sleep: { _ in }))
        }
        #expect(error == .serverFailed(server: "http://127.0.0.1:8091", status: 500,
                                       message: "an HTML page titled \"500 Internal Server Error\"", attempts: 1))
    }
}
