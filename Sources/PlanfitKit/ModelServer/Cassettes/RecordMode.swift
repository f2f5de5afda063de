#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// VCR-style record modes for cassettes (see fixtures/cassettes/README.md).
public enum RecordMode: String, Sendable, Equatable, CaseIterable {
    /// Replay only; a request with no recorded answer is an error. No network at all.
    case none
    /// Replay if the cassette file exists (then behave like `none`), else record everything.
    case once
    /// Replay what is recorded, record what is not.
    case new
    /// Record everything again, replacing the cassette.
    case all
}
