#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The resolved settings for talking to a model server: flags over environment over config file
/// over defaults.
public struct ModelServerSettings: Sendable, Equatable {
    /// The server's base URL (no trailing `/v1`); nil means probe the usual local ports.
    public var server: URL?
    /// Where `server` came from (`--server`, `PLANFIT_SERVER`, ...), for messages.
    public var serverSource: String
    public var api: APIChoice
    public var model: String?
    public var allowRemote: Bool
    public var timeouts: Timeouts
    /// Sent as `Authorization: Bearer`; never printed, logged or recorded.
    public var apiKey: String?
    public var cassettes: CassetteSettings?

    public init(server: URL? = nil, serverSource: String = "--server", api: APIChoice = .auto, model: String? = nil,
                allowRemote: Bool = false, timeouts: Timeouts = .standard, apiKey: String? = nil,
                cassettes: CassetteSettings? = nil) {
        self.server = server
        self.serverSource = serverSource
        self.api = api
        self.model = model
        self.allowRemote = allowRemote
        self.timeouts = timeouts
        self.apiKey = apiKey
        self.cassettes = cassettes
    }

    /// Applies, highest first: flags; `PLANFIT_SERVER`, `PLANFIT_MODEL`, `PLANFIT_RECORD_MODE` and the
    /// API key variables; the config file; `OLLAMA_HOST` and `OPENAI_BASE_URL` (which also say which API
    /// the server speaks); defaults. Refuses a non-loopback server unless remote servers are allowed.
    ///
    /// The API key comes from `PLANFIT_API_KEY`, else `OPENAI_API_KEY`, else the config's
    /// `api_key_command`, which `keyCommand` runs (only when neither variable is set).
    public static func resolve(flags: ModelServerFlags, environment: [String: String],
                               config: ModelServerConfig = ModelServerConfig(),
                               keyCommand: (String, String) throws -> String = { try APIKeyCommand.run($0, configPath: $1) }) throws -> ModelServerSettings {
        func env(_ name: String) -> String? {
            guard let value = environment[name]?.trimmedWhitespace, !value.isEmpty else { return nil }
            return value
        }
        var settings = ModelServerSettings()
        var apiHint: APIChoice?
        let serverCandidates: [(String?, String, APIChoice?, Int?)] = [
            (flags.server, "--server", nil, nil),
            (env("PLANFIT_SERVER"), "PLANFIT_SERVER", nil, nil),
            (config.server, config.path.map { "server in \($0)" } ?? "config server", nil, nil),
            (env("OLLAMA_HOST"), "OLLAMA_HOST", .ollama, 11434),
            (env("OPENAI_BASE_URL"), "OPENAI_BASE_URL", .openai, nil),
        ]
        if let (text, source, hint, defaultPort) = serverCandidates.first(where: { $0.0 != nil }), let text {
            settings.server = try ServerAddress.parse(text, source: source, defaultPort: defaultPort)
            settings.serverSource = source
            apiHint = hint
        }
        settings.api = flags.api ?? config.api ?? apiHint ?? .auto
        settings.model = flags.model ?? env("PLANFIT_MODEL") ?? config.model
        settings.allowRemote = flags.allowRemote || (config.allowRemote ?? false)
        settings.timeouts = Timeouts(
            connect: flags.connectTimeout ?? config.connectTimeout ?? Timeouts.standard.connect,
            idle: flags.idleTimeout ?? config.idleTimeout ?? Timeouts.standard.idle,
            overall: flags.timeout ?? config.overallTimeout ?? Timeouts.standard.overall)
        // Named as the user wrote it: the flag, or the key in config.yaml.
        func source(_ flag: String, _ flagValue: Double?, _ key: String) -> String {
            flagValue != nil ? flag : "timeouts.\(key) in \(config.path ?? "config.yaml")"
        }
        for (name, value) in [(source("--connect-timeout", flags.connectTimeout, "connect"), settings.timeouts.connect),
                              (source("--idle-timeout", flags.idleTimeout, "idle"), settings.timeouts.idle),
                              (source("--timeout", flags.timeout, "overall"), settings.timeouts.overall)]
            where !(value > 0 && value <= Timeouts.maximum) {
            throw ModelServerSettingsError.invalidValue(name: name, value: String(value),
                                                        expected: "a number of seconds more than 0 and at most \(Timeouts.maximum.formatted) (one day)")
        }
        settings.apiKey = try env("PLANFIT_API_KEY") ?? env("OPENAI_API_KEY")
            ?? config.apiKeyCommand.map { try keyCommand($0, config.path ?? "config.yaml") }

        if let record = flags.record, let replay = flags.replay,
           URL(fileURLWithPath: record).standardizedFileURL != URL(fileURLWithPath: replay).standardizedFileURL {
            throw ModelServerSettingsError.conflictingCassetteDirectories(record: record, replay: replay)
        }
        var mode = flags.recordMode
        if mode == nil, let text = env("PLANFIT_RECORD_MODE") {
            guard let parsed = RecordMode(rawValue: text.lowercased()) else {
                throw ModelServerSettingsError.invalidValue(name: "PLANFIT_RECORD_MODE", value: text, expected: "none, once, new or all")
            }
            mode = parsed
        }
        if let directory = flags.record ?? flags.replay {
            // --replay alone never touches the network; --record alone records afresh.
            let defaultMode: RecordMode = flags.record == nil ? .none : .all
            settings.cassettes = CassetteSettings(directory: URL(fileURLWithPath: directory), mode: mode ?? defaultMode)
        } else if flags.recordMode != nil {
            throw ModelServerSettingsError.recordModeWithoutDirectory
        }

        if let server = settings.server, !settings.allowRemote, !ServerAddress.isLoopback(server) {
            throw ModelServerError.remoteServerRefused(server: ServerAddress.display(server))
        }
        return settings
    }
}

/// A wrong flag, environment variable or setting combination.
public enum ModelServerSettingsError: PlanfitError, Equatable {
    case invalidServerURL(text: String, source: String, reason: String)
    case invalidValue(name: String, value: String, expected: String)
    case conflictingCassetteDirectories(record: String, replay: String)
    case recordModeWithoutDirectory

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .invalidServerURL(let text, let source, let reason):
            return "\(source): '\(text)' is not a server URL (\(reason)); use a form like http://127.0.0.1:11434"
        case .invalidValue(let name, let value, let expected):
            return "\(name): '\(value)' is not valid; expected \(expected)"
        case .conflictingCassetteDirectories(let record, let replay):
            return "--record \(record) and --replay \(replay) name different folders: give one folder, and choose "
                + "the behaviour with --record-mode"
        case .recordModeWithoutDirectory:
            return "--record-mode needs a cassette folder: add --record DIR or --replay DIR"
        }
    }
}
