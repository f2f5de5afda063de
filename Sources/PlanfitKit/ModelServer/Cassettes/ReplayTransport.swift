#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Serves recorded answers and never touches the network: it holds no live transport at all.
/// By default it re-cuts each body at awkward places (inside lines, inside UTF-8 sequences) so
/// every replay also tests the stream decoders' reassembly.
public struct ReplayTransport: Transport {
    public enum Chunking: Sendable, Equatable {
        /// The chunks exactly as recorded.
        case asRecorded
        /// Small pieces of cycling sizes, plus a cut inside every multi-byte character.
        case awkward
    }

    public let library: CassetteLibrary
    public var chunking: Chunking
    public var mode: RecordMode

    public init(library: CassetteLibrary, chunking: Chunking = .awkward, mode: RecordMode = .none) {
        self.library = library
        self.chunking = chunking
        self.mode = mode
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let exchange = library.take(request) else {
            throw CassetteError.noMatch(method: request.method.uppercased(), path: request.pathAndQuery,
                                        directory: library.directory, mode: mode, nearest: library.nearest(to: request))
        }
        return response(for: exchange)
    }

    func response(for exchange: CassetteExchange) -> HTTPResponse {
        let recorded = exchange.chunks.map { Data($0.utf8) }
        let chunks = chunking == .asRecorded ? recorded : Self.awkwardChunks(recorded.reduce(Data(), +))
        return HTTPResponse(status: exchange.status, headers: exchange.headers, body: .chunks(chunks))
    }

    /// Cuts at cycling sizes 1, 3, 7, 2, 16, 5, 64, 11 and one byte into every multi-byte character.
    public static func awkwardChunks(_ body: Data) -> [Data] {
        let bytes = [UInt8](body)
        guard !bytes.isEmpty else { return [] }
        var cuts = Set<Int>()
        let sizes = [1, 3, 7, 2, 16, 5, 64, 11]
        var position = 0
        var step = 0
        while position < bytes.count {
            position += sizes[step % sizes.count]
            step += 1
            cuts.insert(position)
        }
        for (index, byte) in bytes.enumerated() where byte >= 0xC0 { cuts.insert(index + 1) }
        var chunks: [Data] = []
        var start = 0
        for cut in cuts.sorted() where cut > start && cut <= bytes.count {
            chunks.append(Data(bytes[start..<cut]))
            start = cut
        }
        if start < bytes.count { chunks.append(Data(bytes[start...])) }
        return chunks
    }
}
