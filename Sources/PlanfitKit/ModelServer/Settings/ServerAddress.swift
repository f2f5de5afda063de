#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Server URLs as users write them (`localhost:11434`, `OLLAMA_HOST=0.0.0.0`, `http://host:8080/v1`)
/// turned into one base URL form.
public enum ServerAddress {
    /// Parses a server address. Adds `http://` when missing, maps the bind-all address 0.0.0.0 to
    /// 127.0.0.1 (OLLAMA_HOST is often a bind address), and drops a trailing `/v1` because the
    /// OpenAI backend adds it itself.
    public static func parse(_ text: String, source: String, defaultPort: Int? = nil) throws -> URL {
        var raw = text.trimmedWhitespace
        if !raw.contains("://") { raw = "http://" + raw }
        guard var components = URLComponents(string: raw) else {
            throw ModelServerSettingsError.invalidServerURL(text: text, source: source, reason: "it does not parse as a URL")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ModelServerSettingsError.invalidServerURL(text: text, source: source, reason: "only http and https are supported")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ModelServerSettingsError.invalidServerURL(text: text, source: source, reason: "it has no host")
        }
        components.scheme = scheme
        if host == "0.0.0.0" { components.host = "127.0.0.1" }
        if host == "::" || host == "[::]" { components.host = "::1" }
        if components.port == nil, let defaultPort { components.port = defaultPort }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/v1") { path.removeLast(3) }
        components.path = path
        components.query = nil
        components.fragment = nil
        guard let url = components.url else {
            throw ModelServerSettingsError.invalidServerURL(text: text, source: source, reason: "it does not parse as a URL")
        }
        return url
    }

    /// True for localhost, 127.0.0.0/8 and ::1: the only hosts a plan may go to without --allow-remote.
    public static func isLoopback(_ url: URL) -> Bool {
        guard var host = url.host?.lowercased() else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts[0] == "127", parts.allSatisfy({ UInt8($0) != nil }) { return true }
        if host.hasPrefix("::ffff:127.") { return true }
        return false
    }

    /// The URL as shown in messages: without user info (which could hold a password).
    public static func display(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.url?.absoluteString ?? url.absoluteString
    }

    /// Appends an API path (`/v1/models`) to a base URL that may itself have a path prefix.
    public static func endpoint(_ base: URL, _ path: String) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + path)!
    }

    /// Where servers listen by default, probed in this order when none is configured.
    public static let localCandidates: [(url: URL, api: APIKind)] = [
        (URL(string: "http://127.0.0.1:11434")!, .ollama),
        (URL(string: "http://127.0.0.1:8080")!, .openai),
        (URL(string: "http://127.0.0.1:1234")!, .openai),
        (URL(string: "http://127.0.0.1:8000")!, .openai),
    ]
}
