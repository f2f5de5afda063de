#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ModelServerSettings {
    /// The transport these settings describe: live, or cassettes in the chosen record mode. `live`
    /// replaces the libcurl transport (tests inject one that fails if called).
    public func makeTransport(live: (any Transport)? = nil) throws -> any Transport {
        let liveTransport: () -> any Transport = { live ?? CurlTransport(timeouts: timeouts) }
        guard let cassettes else { return liveTransport() }
        return try CassetteTransport.make(cassettes, live: liveTransport(), secrets: [apiKey].compactMap { $0 })
    }
}
