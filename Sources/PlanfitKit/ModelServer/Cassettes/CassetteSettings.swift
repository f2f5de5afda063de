#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where cassettes live and how to use them.
public struct CassetteSettings: Sendable, Equatable {
    public var directory: URL
    public var mode: RecordMode
    /// The file (without `.json`) that a recording session writes in `directory`.
    public var cassetteName: String

    public init(directory: URL, mode: RecordMode, cassetteName: String = "planfit") {
        self.directory = directory
        self.mode = mode
        self.cassetteName = cassetteName
    }
}
