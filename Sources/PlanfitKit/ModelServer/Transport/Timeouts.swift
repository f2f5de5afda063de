#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Three separate limits: local generation is slow, so only the connect timeout is short.
public struct Timeouts: Sendable, Equatable {
    /// Seconds to open the TCP connection: fail fast when nothing listens.
    public var connect: Double
    /// Seconds without a byte from the server (including while it reads a long prompt).
    public var idle: Double
    /// Seconds for a whole request, first byte sent to last byte received.
    public var overall: Double

    public init(connect: Double = 5, idle: Double = 300, overall: Double = 3600) {
        self.connect = connect
        self.idle = idle
        self.overall = overall
    }

    public static let standard = Timeouts()

    /// The longest any timeout may be: a day is beyond any local generation, and the bound keeps the
    /// values far from where converting them to milliseconds or whole seconds could overflow.
    public static let maximum = 86_400.0
}
