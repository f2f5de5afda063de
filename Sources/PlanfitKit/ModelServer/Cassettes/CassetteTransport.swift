#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the transport a record mode calls for, and serves mode `new` (replay what is recorded,
/// record the rest).
public struct CassetteTransport: Transport {
    let replay: ReplayTransport
    let recording: RecordingTransport

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let exchange = replay.library.take(request) { return replay.response(for: exchange) }
        return try await recording.send(request)
    }

    /// `none` replays only and holds no live transport; `all` records everything; `once` replays if
    /// the session's cassette file exists, else records; `new` replays or records per request.
    public static func make(_ settings: CassetteSettings, live: @autoclosure () -> any Transport,
                            secrets: [String]) throws -> any Transport {
        let file = settings.directory.appendingPathComponent(settings.cassetteName + ".json")
        func library() throws -> CassetteLibrary { try CassetteLibrary.load(directory: settings.directory) }
        func recorder(keepExisting: Bool) throws -> CassetteRecorder {
            try CassetteRecorder(file: file, secrets: secrets, keepExisting: keepExisting)
        }
        switch settings.mode {
        case .none:
            let lib = try library()
            if lib.isEmpty { throw CassetteError.noCassettes(directory: settings.directory.path) }
            return ReplayTransport(library: lib, mode: .none)
        case .once:
            if FileManager.default.fileExists(atPath: file.path) {
                return ReplayTransport(library: try library(), mode: .once)
            }
            return RecordingTransport(live: live(), recorder: try recorder(keepExisting: false))
        case .new:
            return CassetteTransport(replay: ReplayTransport(library: try library(), mode: .new),
                                     recording: RecordingTransport(live: live(), recorder: try recorder(keepExisting: true)))
        case .all:
            return RecordingTransport(live: live(), recorder: try recorder(keepExisting: false))
        }
    }
}
