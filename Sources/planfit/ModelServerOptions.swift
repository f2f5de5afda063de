import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

extension APIChoice: ArgumentValue {}
extension RecordMode: ArgumentValue {}

/// The model-server flags every model-using command includes with `@OptionGroup`.
struct ModelServerOptions: CommandArguments {
    var server: String?
    var api: APIChoice?
    var model: String?
    var allowRemote = false
    var connectTimeout: Double?
    var idleTimeout: Double?
    var timeout: Double?
    var record: String?
    var replay: String?
    var recordMode: RecordMode?

    static var declarations: [Declaration<Self>] {
        [
            .option(\.server, name: "server", valueName: "url", help: "Model server URL (or PLANFIT_SERVER, OLLAMA_HOST, OPENAI_BASE_URL)."),
            .option(\.api, name: "api", help: "Server API: ollama, openai or auto (probe /api/version, then /v1/models)."),
            .option(\.model, name: "model", valueName: "name", help: "Model name (or PLANFIT_MODEL); optional when the server offers one."),
            .flag(\.allowRemote, name: "allow-remote", help: "Allow a server that is not on this machine (plans are confidential)."),
            .option(\.connectTimeout, name: "connect-timeout", valueName: "seconds", help: "Seconds to open the connection (default 5)."),
            .option(\.idleTimeout, name: "idle-timeout", valueName: "seconds", help: "Seconds without data from the server before giving up (default 300)."),
            .option(\.timeout, name: "timeout", valueName: "seconds", help: "Seconds for a whole request (default 3600)."),
            .option(\.record, name: "record", valueName: "dir", help: "Record server exchanges as cassettes in this folder.", completion: .directory),
            .option(\.replay, name: "replay", valueName: "dir", help: "Replay server exchanges from cassettes in this folder (no network). Uses a cache only when --cache or PLANFIT_CACHE names one.", completion: .directory),
            .option(\.recordMode, name: "record-mode", help: "Cassette mode: none (replay only), once, new, all (or PLANFIT_RECORD_MODE)."),
        ]
    }

    /// Flags over environment over `$XDG_CONFIG_HOME/planfit/config.yaml` over defaults.
    func settings(environment: [String: String] = ProcessEnvironment.variables()) throws -> ModelServerSettings {
        let flags = ModelServerFlags(server: server, api: api, model: model, allowRemote: allowRemote,
                                     connectTimeout: connectTimeout, idleTimeout: idleTimeout, timeout: timeout,
                                     record: record, replay: replay, recordMode: recordMode)
        let settings = try ModelServerSettings.resolve(flags: flags, environment: environment,
                                                       config: ModelServerConfig.load(environment: environment))
        // From here on, nothing planfit writes or prints carries the key (a server may echo it).
        SecretRedaction.register(settings.apiKey)
        return settings
    }
}
