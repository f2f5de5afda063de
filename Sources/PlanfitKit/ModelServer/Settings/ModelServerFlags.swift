#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What came from the command line. Everything is optional so the resolver can tell "not given"
/// from a default and apply the environment and the config file beneath it.
public struct ModelServerFlags: Sendable, Equatable {
    public var server: String?
    public var api: APIChoice?
    public var model: String?
    public var allowRemote: Bool
    public var connectTimeout: Double?
    public var idleTimeout: Double?
    public var timeout: Double?
    public var record: String?
    public var replay: String?
    public var recordMode: RecordMode?

    public init(server: String? = nil, api: APIChoice? = nil, model: String? = nil, allowRemote: Bool = false,
                connectTimeout: Double? = nil, idleTimeout: Double? = nil, timeout: Double? = nil,
                record: String? = nil, replay: String? = nil, recordMode: RecordMode? = nil) {
        self.server = server
        self.api = api
        self.model = model
        self.allowRemote = allowRemote
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.timeout = timeout
        self.record = record
        self.replay = replay
        self.recordMode = recordMode
    }
}
