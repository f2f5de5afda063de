#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The exchanges of every cassette in a folder, ready to answer requests. Exchanges with the same
/// key are served in recorded order (a 503 then a 200 replays a retry); the last one repeats.
/// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
public final class CassetteLibrary: @unchecked Sendable {
    public let directory: String
    private let entries: [(file: String, exchange: CassetteExchange)]
    private let lock = Lock()
    private var served: [String: Int] = [:]

    public init(directory: String, cassettes: [(file: String, cassette: Cassette)]) {
        self.directory = directory
        self.entries = cassettes.flatMap { item in item.cassette.exchanges.map { (item.file, $0) } }
    }

    /// Loads every `*.json` file in `directory`, in name order. A missing folder loads as empty.
    public static func load(directory: URL) throws -> CassetteLibrary {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var cassettes: [(String, Cassette)] = []
        for name in names {
            let path = directory.appendingPathComponent(name).path
            guard let data = fm.contents(atPath: path) else {
                throw CassetteError.invalid(path: path, reason: "cannot read the file")
            }
            cassettes.append((name, try Cassette.parse(data, path: path)))
        }
        return CassetteLibrary(directory: directory.path, cassettes: cassettes)
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var exchangeCount: Int { entries.count }

    /// The recorded answer for this request, advancing past it; nil when none is recorded.
    public func take(_ request: HTTPRequest) -> CassetteExchange? {
        let key = CassetteExchange.key(method: request.method, path: request.pathAndQuery,
                                       body: CassetteExchange.requestBody(request.body))
        let matches = entries.filter { $0.exchange.key == key }
        guard !matches.isEmpty else { return nil }
        lock.lock()
        defer { lock.unlock() }
        let index = served[key, default: 0]
        served[key] = index + 1
        return matches[min(index, matches.count - 1)].exchange
    }

    /// Names the closest recorded request and the first field where it differs, for the miss message.
    public func nearest(to request: HTTPRequest) -> String? {
        let method = request.method.uppercased()
        let path = request.pathAndQuery
        let body = CassetteExchange.requestBody(request.body)
        var best: (score: Int, text: String)?
        for (file, exchange) in entries {
            var score = 0
            var difference: String
            if exchange.method != method {
                score += 10_000
                difference = "method \(exchange.method)"
            } else if exchange.path != path {
                score += 1_000
                difference = "path \(exchange.path)"
            } else {
                let differences = JSONDifference.all(recorded: exchange.requestBody ?? .null, requested: body ?? .null)
                score += differences.count
                difference = differences.first.map { $0.description } ?? "nothing (a duplicate)"
            }
            if best == nil || score < best!.score {
                best = (score, "\(exchange.method) \(exchange.path) in \(file), which differs at \(difference)")
            }
        }
        return best?.text
    }
}

/// Where two JSON values differ, as paths like `messages[1].content`.
struct JSONDifference: CustomStringConvertible {
    var path: String
    var recorded: JSONValue?
    var requested: JSONValue?

    /// Longest value text shown whole; longer strings are cut to a window around the first difference.
    static let shownLength = 60
    /// Characters of common text shown before the first differing character, for context.
    static let contextLength = 20

    var description: String {
        let place = path.isEmpty ? "the body" : path
        // Two long strings (a rendered prompt) usually share their first 60 characters, so a prefix of
        // each would print two identical snippets: show both from just before where they part.
        if case .string(let a)? = recorded, case .string(let b)? = requested,
           a.count > Self.shownLength || b.count > Self.shownLength {
            let x = Array(a), y = Array(b)
            var common = 0
            while common < x.count, common < y.count, x[common] == y[common] { common += 1 }
            let start = max(0, common - Self.contextLength)
            func window(_ text: [Character]) -> String {
                let end = min(text.count, common + Self.shownLength - Self.contextLength)
                let piece = JSONValue.string(String(text[start..<end])).canonicalText
                return (start > 0 ? "…" : "") + piece + (end < text.count ? "…" : "")
            }
            return "\(place) from character \(common + 1): recorded \(window(x)), requested \(window(y))"
        }
        func show(_ v: JSONValue?) -> String {
            guard let v else { return "(absent)" }
            let text = v.canonicalText
            return text.count > Self.shownLength ? String(text.prefix(Self.shownLength)) + "…" : text
        }
        return "\(place): recorded \(show(recorded)), requested \(show(requested))"
    }

    /// Every differing leaf, in sorted-key order, so the first one is stable.
    static func all(recorded: JSONValue, requested: JSONValue, path: String = "") -> [JSONDifference] {
        switch (recorded, requested) {
        case (.object(let a), .object(let b)):
            let keys = Set(a.keys).union(b.keys).sorted()
            return keys.flatMap { key -> [JSONDifference] in
                let sub = path.isEmpty ? key : path + "." + key
                switch (a[key], b[key]) {
                case (let x?, let y?): return all(recorded: x, requested: y, path: sub)
                case (let x, let y): return [JSONDifference(path: sub, recorded: x, requested: y)]
                }
            }
        case (.array(let a), .array(let b)):
            var result: [JSONDifference] = []
            for i in 0..<max(a.count, b.count) {
                let sub = "\(path)[\(i)]"
                if i < a.count, i < b.count {
                    result += all(recorded: a[i], requested: b[i], path: sub)
                } else {
                    result.append(JSONDifference(path: sub, recorded: i < a.count ? a[i] : nil, requested: i < b.count ? b[i] : nil))
                }
            }
            return result
        default:
            return recorded == requested ? [] : [JSONDifference(path: path, recorded: recorded, requested: requested)]
        }
    }
}
