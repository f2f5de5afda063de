#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A decoder that turns body chunks into whole events (SSE events, NDJSON lines), however the network
/// split them.
protocol StreamDecoder {
    associatedtype Event
    mutating func feed(_ chunk: Data) -> [Event]
    mutating func finish() -> [Event]
}

extension SSEDecoder: StreamDecoder {}
extension NDJSONDecoder: StreamDecoder {}

/// Feeds a streamed body through `decoder` into `handle`. When `handle` throws (an error event), the
/// rest of the body is still read, up to 1 MiB, so a recording holds the whole exchange and replays
/// to the same error; then the error is thrown. A body past `limit` bytes, or an answer `handle` found
/// too long, stops at once: reading on would be what the bound is there to prevent. (The live transport
/// enforces `limit` itself; checking here too bounds replayed and recorded bodies the same way.)
func drainStream<Decoder: StreamDecoder>(_ body: AsyncThrowingStream<Data, Error>, decoder: Decoder,
                                         limit: Int, server: String,
                                         handle: (Decoder.Event) throws -> Void) async throws {
    var decoder = decoder
    var failure: Error?
    var bytesAfterFailure = 0
    var bytes = 0
    for try await chunk in body {
        bytes += chunk.count
        if bytes > limit {
            throw ModelServerError.responseTooLarge(server: server, limit: limit, part: "the response body")
        }
        if let failure, case .responseTooLarge? = failure as? ModelServerError { throw failure }
        if failure != nil {
            bytesAfterFailure += chunk.count
            if bytesAfterFailure > 1 << 20 { break }
            continue
        }
        do {
            for event in decoder.feed(chunk) { try handle(event) }
        } catch {
            failure = error
        }
    }
    try Task.checkCancellation()
    if let failure { throw failure }
    for event in decoder.finish() { try handle(event) }
}
