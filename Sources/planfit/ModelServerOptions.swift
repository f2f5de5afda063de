import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

extension APIChoice: ExpressibleByArgument {}
extension RecordMode: ExpressibleByArgument {}

/// The model-server flags every model-using command includes with `@OptionGroup`.
struct ModelServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model server URL (or PLANFIT_SERVER, OLLAMA_HOST, OPENAI_BASE_URL).", valueName: "url"))
    var server: String?

    @Option(help: "Server API: ollama, openai or auto (probe /api/version, then /v1/models).")
    var api: APIChoice?

    @Option(help: ArgumentHelp("Model name (or PLANFIT_MODEL); optional when the server offers one.", valueName: "name"))
    var model: String?

    @Flag(help: "Allow a server that is not on this machine (plans are confidential).")
    var allowRemote = false

    @Option(help: ArgumentHelp("Seconds to open the connection (default 5).", valueName: "seconds"))
    var connectTimeout: Double?

    @Option(help: ArgumentHelp("Seconds without data from the server before giving up (default 300).", valueName: "seconds"))
    var idleTimeout: Double?

    @Option(help: ArgumentHelp("Seconds for a whole request (default 3600).", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Record server exchanges as cassettes in this folder.", valueName: "dir"), completion: .directory)
    var record: String?

    @Option(help: ArgumentHelp("Replay server exchanges from cassettes in this folder (no network). Uses a cache only when --cache or PLANFIT_CACHE names one.", valueName: "dir"), completion: .directory)
    var replay: String?

    @Option(help: "Cassette mode: none (replay only), once, new, all (or PLANFIT_RECORD_MODE).")
    var recordMode: RecordMode?

    /// Flags over environment over `$XDG_CONFIG_HOME/planfit/config.yaml` over defaults.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ModelServerSettings {
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
