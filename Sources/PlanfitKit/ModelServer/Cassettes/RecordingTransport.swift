#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Passes requests to a live transport and writes each completed exchange to a cassette file.
/// Request headers are not recorded (so `Authorization` never is), response headers are cut to
/// `Cassette.keptHeaders`, and secrets are replaced in the file text before it is written.
public struct RecordingTransport: Transport {
    public let live: any Transport
    public let recorder: CassetteRecorder

    public init(live: any Transport, recorder: CassetteRecorder) {
        self.live = live
        self.recorder = recorder
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await live.send(request)
        let headers = response.headers.filter { Cassette.keptHeaders.contains($0.key) }
        let recorder = self.recorder
        let inner = response.body
        let body = AsyncThrowingStream<Data, Error> { continuation in
            let pump = Task {
                var chunks: [Data] = []
                do {
                    for try await chunk in inner {
                        chunks.append(chunk)
                        continuation.yield(chunk)
                    }
                    try recorder.append(CassetteExchange(
                        method: request.method.uppercased(), path: request.pathAndQuery,
                        requestBody: CassetteExchange.requestBody(request.body), status: response.status,
                        headers: headers, chunks: Cassette.textChunks(chunks)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { termination in
                if case .cancelled = termination { pump.cancel() }
            }
        }
        return HTTPResponse(status: response.status, headers: response.headers, body: body)
    }
}

/// Owns one cassette file during a recording session and rewrites it after every exchange, so an
/// interrupted run still leaves a valid cassette.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
public final class CassetteRecorder: @unchecked Sendable {
    public let file: URL
    private let secrets: [String]
    private let lock = Lock()
    private var cassette: Cassette

    /// `keepExisting` starts from the exchanges already in the file (mode `new`); otherwise the
    /// session replaces the file (modes `once` and `all`).
    public init(file: URL, secrets: [String], keepExisting: Bool) throws {
        self.file = file
        self.secrets = secrets
        if keepExisting, let data = FileManager.default.contents(atPath: file.path) {
            cassette = try Cassette.parse(data, path: file.path)
        } else {
            cassette = Cassette(note: "recorded by planfit \(PlanfitVersion.current)")
        }
    }

    public func append(_ exchange: CassetteExchange) throws {
        lock.lock()
        defer { lock.unlock() }
        cassette.exchanges.append(exchange)
        let text = cassette.fileText(redacting: secrets + SecretRedaction.secrets)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            // 0600: a cassette holds the whole prompt, and so the plan and the team profile.
            try AtomicFile.write(text, to: file.path, mode: 0o600)
        } catch {
            throw CassetteError.unwritable(path: file.path, reason: "\(error)")
        }
    }

    public var recorded: Cassette {
        lock.lock()
        defer { lock.unlock() }
        return cassette
    }
}
