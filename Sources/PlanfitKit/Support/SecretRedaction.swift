#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps secrets (the API key) out of everything planfit writes: the cache (answers, `runs.error`,
/// `runs.output`), cassettes, `-o` files, reports and what it prints. A server can echo the key back
/// (in an answer, in an error body), so every sink redacts, on the assembled text: a key split across
/// two chunks or two stream events is still one key once assembled.
///
/// The key is registered once per process, where the settings that hold it are resolved; sinks call
/// `redact`. Global on purpose: one process talks with one key, and a sink that forgot to be handed
/// the key would be a leak.
public enum SecretRedaction {
    public static let marker = "REDACTED"
    /// Shorter strings are not redacted: replacing every "abc" would corrupt text, and such a key is
    /// no secret anyway.
    public static let minimumLength = 4

    private static let lock = Lock()
    nonisolated(unsafe) private static var registered: [String] = []

    /// Adds a secret to redact from now on.
    public static func register(_ secret: String?) {
        guard let secret, secret.count >= minimumLength else { return }
        lock.withLock { if !registered.contains(secret) { registered.append(secret) } }
    }

    public static var secrets: [String] { lock.withLock { registered } }

    /// `text` with every registered secret replaced by `REDACTED`.
    public static func redact(_ text: String) -> String { redact(text, secrets: secrets) }

    /// `text` with each secret replaced by `REDACTED`, also where it appears escaped inside a JSON
    /// string (a quote or backslash in the key). Pure.
    public static func redact(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets where secret.count >= minimumLength {
            if text.contains(secret) { text = text.replacingAll(secret, with: marker) }
            var escaped = ""
            JSONValue.writeString(secret, to: &escaped)
            let inner = String(escaped.dropFirst().dropLast())
            if inner != secret, text.contains(inner) { text = text.replacingAll(inner, with: marker) }
        }
        return text
    }

    /// The pieces of a streamed answer with the secrets of their concatenation redacted, piece by piece:
    /// the characters of a secret are dropped from every piece it spans, and `REDACTED` takes their
    /// place in the piece where it starts. Nil when the concatenation holds no secret. Pure.
    public static func redactPieces(_ pieces: [String], secrets: [String]) -> [String]? {
        let scalars = pieces.map { Array($0.unicodeScalars) }
        let all = scalars.flatMap { $0 }
        var dropped = [Bool](repeating: false, count: all.count)
        var startsSecret = [Bool](repeating: false, count: all.count)
        var found = false
        for secret in secrets where secret.count >= minimumLength {
            let needle = Array(secret.unicodeScalars)
            guard needle.count <= all.count else { continue }
            var index = 0
            while index + needle.count <= all.count {
                if Array(all[index..<index + needle.count]) == needle {
                    found = true
                    startsSecret[index] = true
                    for i in index..<index + needle.count { dropped[i] = true }
                    index += needle.count
                } else {
                    index += 1
                }
            }
        }
        guard found else { return nil }
        var result: [String] = []
        var offset = 0
        for piece in scalars {
            var text = String.UnicodeScalarView()
            for scalar in piece {
                if startsSecret[offset] { text.append(contentsOf: marker.unicodeScalars) }
                if !dropped[offset] { text.append(scalar) }
                offset += 1
            }
            result.append(String(text))
        }
        return result
    }
}

extension SecretRedaction {
    /// A response body (one JSON document, an SSE stream or NDJSON lines) with the secrets redacted as
    /// the client would see them decoded: inside each JSON string (so `\u0073k-...` escapes do not hide
    /// a key) and across the answer pieces of a stream (so a key split over two events is found in the
    /// assembled answer). Nil when nothing needed redacting. Pure.
    public static func redactedBody(_ body: String, secrets: [String]) -> String? {
        let secrets = secrets.filter { $0.count >= minimumLength }
        guard !secrets.isEmpty else { return nil }
        if let json = try? JSONValue.parse(body) {
            let redacted = redactStrings(json, secrets: secrets)
            return redacted == json ? nil : redacted.canonicalText
        }
        // One entry per line, with what precedes the JSON ("data: " for SSE, "" for NDJSON) and the line end.
        var lines: [(prefix: String, json: JSONValue?, raw: String, end: String)] = []
        var rest = Substring(body)
        while !rest.isEmpty {
            let endIndex = rest.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) ?? rest.endIndex
            let line = String(rest[..<endIndex])
            let end = endIndex == rest.endIndex ? "" : String(rest[endIndex])
            rest = endIndex == rest.endIndex ? "" : rest[rest.index(after: endIndex)...]
            var prefix = ""
            var payload = Substring(line)
            if line.hasPrefix("data:") {
                payload = payload.dropFirst(5)
                prefix = "data:"
                if payload.hasPrefix(" ") { payload = payload.dropFirst(); prefix += " " }
            } else if line.hasPrefix("error:") {
                payload = payload.dropFirst(6)
                prefix = "error:"
                if payload.hasPrefix(" ") { payload = payload.dropFirst(); prefix += " " }
            }
            let json = payload.first == "{" ? try? JSONValue.parse(String(payload)) : nil
            lines.append((prefix, json.map { redactStrings($0, secrets: secrets) }, line, end))
        }
        // Pieces of the answer, in order, and where each came from.
        var pieces: [String] = []
        var owners: [Int] = []
        for (index, line) in lines.enumerated() {
            if let json = line.json, let piece = answerPiece(json) {
                pieces.append(piece)
                owners.append(index)
            }
        }
        if let redacted = redactPieces(pieces, secrets: secrets) {
            for (number, index) in owners.enumerated() {
                lines[index].json = lines[index].json.map { replacingAnswerPiece($0, with: redacted[number]) }
            }
        }
        var changed = false
        var out = ""
        for line in lines {
            var text = line.raw
            if let json = line.json {
                let original = try? JSONValue.parse(String(line.raw.dropFirst(line.prefix.count)))
                if original != json {
                    text = line.prefix + json.canonicalText
                    changed = true
                }
            }
            out += text + line.end
        }
        return changed ? out : nil
    }

    static func redactStrings(_ json: JSONValue, secrets: [String]) -> JSONValue {
        switch json {
        case .string(let text): return .string(redact(text, secrets: secrets))
        case .array(let items): return .array(items.map { redactStrings($0, secrets: secrets) })
        case .object(let members):
            return .object(Dictionary(uniqueKeysWithValues: members.map { (redact($0.key, secrets: secrets), redactStrings($0.value, secrets: secrets)) }))
        default: return json
        }
    }

    /// The answer text one stream event carries: OpenAI `choices[0].delta.content`, Ollama `message.content`.
    static func answerPiece(_ json: JSONValue) -> String? {
        if let piece = json["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue { return piece }
        return json["message"]?["content"]?.stringValue
    }

    static func replacingAnswerPiece(_ json: JSONValue, with piece: String) -> JSONValue {
        guard case .object(var root) = json else { return json }
        if case .array(var choices)? = root["choices"], case .object(var first)? = choices.first,
           case .object(var delta)? = first["delta"], delta["content"]?.stringValue != nil {
            delta["content"] = .string(piece)
            first["delta"] = .object(delta)
            choices[0] = .object(first)
            root["choices"] = .array(choices)
            return .object(root)
        }
        if case .object(var message)? = root["message"], message["content"]?.stringValue != nil {
            message["content"] = .string(piece)
            root["message"] = .object(message)
            return .object(root)
        }
        return json
    }
}
