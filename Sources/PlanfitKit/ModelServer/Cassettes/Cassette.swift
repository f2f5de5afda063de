#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One recorded request and its answer. The request is matched on method, path and canonical
/// body; the answer keeps its status, a few headers and the body as the chunks received.
public struct CassetteExchange: Sendable, Equatable {
    public var method: String
    /// Path and query, without scheme, host or port.
    public var path: String
    /// The request body as canonical JSON (a string value if the body was not JSON); nil when empty.
    public var requestBody: JSONValue?
    public var status: Int
    /// Only the headers in `Cassette.keptHeaders`; request headers (and so `Authorization`) are never stored.
    public var headers: [String: String]
    /// The body as received, chunk by chunk, as UTF-8 text.
    public var chunks: [String]

    public init(method: String, path: String, requestBody: JSONValue?, status: Int, headers: [String: String], chunks: [String]) {
        self.method = method
        self.path = path
        self.requestBody = requestBody
        self.status = status
        self.headers = headers
        self.chunks = chunks
    }

    /// Method, path and canonical body: two requests with equal keys get the same answer.
    public var key: String { Self.key(method: method, path: path, body: requestBody) }

    static func key(method: String, path: String, body: JSONValue?) -> String {
        method.uppercased() + " " + path + "\n" + (body?.canonicalText ?? "")
    }

    static func requestBody(_ data: Data?) -> JSONValue? {
        guard let data, !data.isEmpty else { return nil }
        if let json = try? JSONValue.parse(data) { return json }
        return .string(String(decoding: data, as: UTF8.self))
    }
}

/// A cassette file: `{"planfit_cassette": 1, "note": "...", "exchanges": [...]}` (see
/// fixtures/cassettes/README.md). Written with sorted keys and two-space indentation so diffs of
/// re-recorded cassettes are readable.
public struct Cassette: Sendable, Equatable {
    public static let formatVersion = 1
    /// Response headers worth keeping: the decoders look at the content type, retries at Retry-After.
    public static let keptHeaders: Set<String> = ["content-type", "retry-after"]

    public var note: String?
    public var exchanges: [CassetteExchange]

    public init(note: String? = nil, exchanges: [CassetteExchange] = []) {
        self.note = note
        self.exchanges = exchanges
    }

    public var json: JSONValue {
        var root: [String: JSONValue] = [
            "planfit_cassette": .int(Self.formatVersion),
            "exchanges": .array(exchanges.map { exchange in
                [
                    "request": [
                        "method": .string(exchange.method),
                        "path": .string(exchange.path),
                        "body": exchange.requestBody ?? .null,
                    ],
                    "response": [
                        "status": .int(exchange.status),
                        "headers": .object(exchange.headers.mapValues { .string($0) }),
                        "chunks": .array(exchange.chunks.map { .string($0) }),
                    ],
                ]
            }),
        ]
        if let note { root["note"] = .string(note) }
        return .object(root)
    }

    /// The file text, with every secret replaced by `REDACTED`: in the text, and in each response body
    /// as the client decodes it (a key split across two stream events, or hidden behind JSON escapes, is
    /// found in the assembled answer; such a body is stored as one chunk, re-serialised).
    public func fileText(redacting secrets: [String] = []) -> String {
        let secrets = secrets.filter { $0.count >= SecretRedaction.minimumLength }
        var copy = self
        for index in copy.exchanges.indices where !secrets.isEmpty {
            // A secret split across two chunks is invisible chunk by chunk: such a body is stored as one chunk.
            let joined = copy.exchanges[index].chunks.joined()
            if let redacted = SecretRedaction.redactedBody(joined, secrets: secrets) {
                copy.exchanges[index].chunks = [redacted]
            } else if secrets.contains(where: { joined.contains($0) }) {
                copy.exchanges[index].chunks = [joined]
            }
        }
        return SecretRedaction.redact(copy.json.prettyText + "\n", secrets: secrets)
    }

    public static func parse(_ data: Data, path: String) throws -> Cassette {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw CassetteError.invalid(path: path, reason: "\(error)")
        }
        guard root["planfit_cassette"]?.intValue == formatVersion else {
            throw CassetteError.invalid(path: path, reason: "expected \"planfit_cassette\": \(formatVersion) at the top")
        }
        guard let list = root["exchanges"]?.arrayValue else {
            throw CassetteError.invalid(path: path, reason: "expected an \"exchanges\" list")
        }
        var exchanges: [CassetteExchange] = []
        for (index, entry) in list.enumerated() {
            let place = "exchanges[\(index)]"
            guard let request = entry["request"], let response = entry["response"],
                  let method = request["method"]?.stringValue, let requestPath = request["path"]?.stringValue else {
                throw CassetteError.invalid(path: path, reason: "\(place) needs request.method, request.path and response")
            }
            guard let status = response["status"]?.intValue, let chunks = response["chunks"]?.arrayValue else {
                throw CassetteError.invalid(path: path, reason: "\(place).response needs status and chunks")
            }
            let texts = try chunks.map { chunk -> String in
                guard let text = chunk.stringValue else {
                    throw CassetteError.invalid(path: path, reason: "\(place).response.chunks must be strings")
                }
                return text
            }
            var headers: [String: String] = [:]
            for (name, value) in response["headers"]?.objectValue ?? [:] {
                if let value = value.stringValue { headers[name.lowercased()] = value }
            }
            let body = request["body"]
            exchanges.append(CassetteExchange(method: method.uppercased(), path: requestPath,
                                              requestBody: body == .null ? nil : body, status: status,
                                              headers: headers, chunks: texts))
        }
        return Cassette(note: root["note"]?.stringValue, exchanges: exchanges)
    }

    /// Turns received chunks into text chunks. A UTF-8 sequence split across two chunks moves whole
    /// into the later one, so every stored chunk is valid text; the boundaries otherwise stay.
    public static func textChunks(_ chunks: [Data]) -> [String] {
        var result: [String] = []
        var carry: [UInt8] = []
        for chunk in chunks {
            var bytes = carry + [UInt8](chunk)
            carry = []
            let cut = completeUTF8Prefix(bytes)
            if cut < bytes.count {
                carry = Array(bytes[cut...])
                bytes.removeSubrange(cut...)
            }
            if !bytes.isEmpty { result.append(String(decoding: bytes, as: UTF8.self)) }
        }
        if !carry.isEmpty { result.append(String(decoding: carry, as: UTF8.self)) }
        return result
    }

    /// Length of the prefix that does not end inside a multi-byte sequence.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var index = bytes.count - 1
        var continuation = 0
        while index >= 0, continuation < 3, bytes[index] & 0xC0 == 0x80 {
            continuation += 1
            index -= 1
        }
        guard index >= 0 else { return bytes.count }
        let lead = bytes[index]
        let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        return needed > continuation ? index : bytes.count
    }
}

/// A problem with cassettes: missing, unreadable, or no recorded answer for a request.
public enum CassetteError: PlanfitError, Equatable {
    case noCassettes(directory: String)
    case invalid(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// Replay found no recorded answer. `nearest` describes the closest recorded request and the
    /// first field that differs.
    case noMatch(method: String, path: String, directory: String, mode: RecordMode, nearest: String?)

    public var exitStatus: ExitStatus {
        switch self {
        case .noCassettes: return .noInput
        case .invalid: return .dataError
        case .unwritable: return .ioError
        case .noMatch: return .unavailable
        }
    }

    public var description: String {
        switch self {
        case .noCassettes(let directory):
            return "\(directory): no cassettes (*.json) to replay; record some with --record \(directory)"
        case .invalid(let path, let reason):
            return "\(path): not a planfit cassette: \(reason)"
        case .unwritable(let path, let reason):
            return "\(path): cannot write the cassette: \(reason)"
        case .noMatch(let method, let path, let directory, let mode, let nearest):
            let near = nearest.map { "; the nearest recorded request is \($0)" } ?? "; nothing similar is recorded"
            return "no recorded answer in \(directory) for \(method) \(path) (record mode \(mode.rawValue))\(near). "
                + "Record it with --record \(directory) --record-mode new, against a running server"
        }
    }
}
