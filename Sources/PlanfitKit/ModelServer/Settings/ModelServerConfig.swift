import FoundationEssentials

/// The `model server` part of `$XDG_CONFIG_HOME/planfit/config.yaml`:
///
/// ```yaml
/// server: http://127.0.0.1:11434
/// model: llama3.2
/// api: ollama            # ollama | openai | auto
/// allow_remote: false
/// api_key_command: pass show llm/api-key   # its stdout is the key (or use PLANFIT_API_KEY / OPENAI_API_KEY)
/// timeouts: {connect: 5, idle: 300, overall: 3600}   # seconds
/// ```
/// Unknown keys are an error: a typo must not silently drop a setting. `api_key` is refused: a key in a
/// file ends up in backups and dotfile repositories, and planfit promises never to store one.
public struct ModelServerConfig: Sendable, Equatable {
    public var path: String?
    public var server: String?
    public var model: String?
    public var api: APIChoice?
    public var allowRemote: Bool?
    /// A shell command whose standard output is the API key (`APIKeyCommand`), as git's credential helpers.
    public var apiKeyCommand: String?
    public var connectTimeout: Double?
    public var idleTimeout: Double?
    public var overallTimeout: Double?

    public init(path: String? = nil, server: String? = nil, model: String? = nil, api: APIChoice? = nil,
                allowRemote: Bool? = nil, apiKeyCommand: String? = nil, connectTimeout: Double? = nil,
                idleTimeout: Double? = nil, overallTimeout: Double? = nil) {
        self.path = path
        self.server = server
        self.model = model
        self.api = api
        self.allowRemote = allowRemote
        self.apiKeyCommand = apiKeyCommand
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.overallTimeout = overallTimeout
    }

    /// `$XDG_CONFIG_HOME/planfit/config.yaml`, else `~/.config/planfit/config.yaml`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/planfit/config.yaml" }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.config/planfit/config.yaml"
    }

    /// Loads the config file; a missing file is an empty config.
    public static func load(environment: [String: String]) throws -> ModelServerConfig {
        let path = defaultPath(environment: environment)
        // `FileKind`, not `FileManager`: every model-using run asks, and a cache hit otherwise never
        // sets up `FileManager` (~40 µs).
        guard FileKind.of(path) != .missing else { return ModelServerConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, kind: .unreadable, reason: "permission denied or not a file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static let topLevelKeys = ["server", "model", "api", "allow_remote", "api_key_command", "timeouts"]
    static let timeoutKeys = ["connect", "idle", "overall"]

    public static func parse(_ text: String, path: String) throws -> ModelServerConfig {
        var config = ModelServerConfig(path: path)
        let root: YAMLNode?
        do {
            root = try YAMLComposer().compose(text)
        } catch {
            throw ModelServerConfigError(path: path, line: nil, column: nil, reason: "not valid YAML: \(error.report(in: text))")
        }
        guard let root else { return config }
        guard let pairs = root.mapping else {
            throw ModelServerConfigError(path: path, node: root, reason: "expected a mapping of settings (server: URL, ...)")
        }
        // Each value is read as soon as its key is checked: the first mistake in the file is the one reported.
        var keys = YAMLMappingWalk(allowed: topLevelKeys + ["api_key"])
        for pair in pairs {
            let (keyNode, value) = (pair.key, pair.value)
            let key: String
            do { key = try keys.key(keyNode) } catch { throw keyError(error, path: path) }
            func text() throws -> String {
                guard let s = value.text else {
                    throw ModelServerConfigError(path: path, node: value, reason: "\(key) must be a single value")
                }
                return s
            }
            switch key {
            case "server": config.server = try text()
            case "model": config.model = try text()
            case "api_key":
                throw ModelServerConfigError(
                    path: path, node: keyNode,
                    reason: "api_key is not accepted in the config file: planfit never stores API keys in files. Remove it, "
                        + "and set PLANFIT_API_KEY or OPENAI_API_KEY in the environment, or add `api_key_command: COMMAND`, "
                        + "a command that prints the key (for example `pass show llm/api-key`), as git's credential helpers do")
            case "api_key_command":
                let command = try text()
                guard !command.trimmedWhitespace.isEmpty else {
                    throw ModelServerConfigError(path: path, node: value, reason: "api_key_command must be a command that prints the key")
                }
                config.apiKeyCommand = command
            case "api":
                let s = try text()
                guard let api = APIChoice(rawValue: s.lowercased()) else {
                    throw ModelServerConfigError(path: path, node: value, reason: "api must be ollama, openai or auto, not '\(s)'")
                }
                config.api = api
            case "allow_remote":
                guard let b = value.bool else {
                    throw ModelServerConfigError(path: path, node: value, reason: "allow_remote must be true or false")
                }
                config.allowRemote = b
            default: // "timeouts"
                guard let inner = value.mapping else {
                    throw ModelServerConfigError(path: path, node: value,
                                                 reason: "timeouts must be a mapping such as {connect: 5, idle: 300, overall: 3600}")
                }
                var names = YAMLMappingWalk(allowed: timeoutKeys)
                for timeout in inner {
                    let name: String
                    do { name = try names.key(timeout.key) } catch { throw keyError(error, path: path, prefix: "timeouts.", known: timeoutKeys) }
                    let seconds = timeout.value.int.map { Double($0) } ?? timeout.value.float
                    guard let seconds, seconds > 0 else {
                        throw ModelServerConfigError(path: path, node: timeout.value,
                                                     reason: "timeouts.\(name) must be a positive number of seconds")
                    }
                    switch name {
                    case "connect": config.connectTimeout = seconds
                    case "idle": config.idleTimeout = seconds
                    default: config.overallTimeout = seconds
                    }
                }
            }
        }
        return config
    }

    /// A key's problem worded as this file has always worded it: a key that is not text reads as the
    /// empty key, an unknown one lists the known keys.
    static func keyError(_ problem: YAMLMappingWalk.Problem, path: String, prefix: String = "",
                         known: [String] = topLevelKeys) -> ModelServerConfigError {
        switch problem {
        case .keyNotText(let node):
            return ModelServerConfigError(path: path, node: node, reason: "unknown key '\(prefix)' (known: \(known.joined(separator: ", ")))")
        case let .unknownKey(name, node, _):
            return ModelServerConfigError(path: path, node: node, reason: "unknown key '\(prefix)\(name)' (known: \(known.joined(separator: ", ")))")
        case let .duplicateKey(name, node):
            return ModelServerConfigError(path: path, node: node, reason: "duplicate key '\(prefix)\(name)'")
        case .notAMapping(let node):
            return ModelServerConfigError(path: path, node: node, reason: "expected a mapping of settings (server: URL, ...)")
        }
    }
}

/// A mistake in the config file, with its place.
public struct ModelServerConfigError: PlanfitError, Equatable {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var reason: String

    public init(path: String, line: Int?, column: Int?, reason: String) {
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    init(path: String, node: YAMLNode, reason: String) {
        self.init(path: path, line: node.line, column: node.column, reason: reason)
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        var place = path
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(reason)"
    }
}
