import Foundation
import Testing
@testable import PlanfitKit

@Suite struct DiscoveryTests {
    let models2: JSONValue = ["object": "list", "data": [["id": "a", "object": "model"], ["id": "b", "object": "model"]]]

    @Test func autoFallsBackToOpenAIWhenApiVersionIs404() async throws {
        let transport = replaying([
            exchange("GET", "/api/version", status: 404, contentType: "text/plain", ["File Not Found"]),
            exchange("GET", "/v1/models", [#"{"object":"list","data":[{"id":"smollm2","object":"model","meta":{"n_ctx_train":8192}}]}"#]),
            exchange("GET", "/props", [#"{"default_generation_settings":{"n_ctx":4096},"build_info":"b6000-abc"}"#]),
        ])
        let client = try await ModelClient.connect(settings: ModelServerSettings(server: testServer), transport: transport,
                                                   retry: instantRetry())
        #expect(client.api == .openai)
        #expect(client.model == "smollm2")
        #expect(client.serverVersion == "b6000-abc")
        #expect(client.contextSize == 4096)
    }

    @Test func severalModelsNeedAChoiceAndAWrongChoiceListsThem() async throws {
        func transport() -> ReplayTransport {
            replaying([exchange("GET", "/v1/models", [models2.canonicalText]),
                       exchange("GET", "/props", status: 404, ["{}"])])
        }
        let settings = ModelServerSettings(server: testServer, api: .openai)
        let unchosen = await modelServerError { _ = try await ModelClient.connect(settings: settings, transport: transport()) }
        #expect(unchosen == .modelNotChosen(server: "http://127.0.0.1:8091", available: ["a", "b"]))
        #expect(unchosen?.description.contains("--model") == true)
        var wrong = settings
        wrong.model = "c"
        let missing = await modelServerError { _ = try await ModelClient.connect(settings: wrong, transport: transport()) }
        #expect(missing?.description.contains("it offers: a, b") == true)
        #expect(missing?.exitStatus == .unavailable)
        var right = settings
        right.model = "b"
        #expect(try await ModelClient.connect(settings: right, transport: transport()).model == "b")
    }

    @Test func noServerConfiguredTriesTheUsualPortsInOrder() async {
        let transport = ThrowingTransport { url in ModelServerError.connectionRefused(server: url.absoluteString) }
        let error = await modelServerError { _ = try await ModelClient.connect(settings: ModelServerSettings(), transport: transport) }
        let ports = ["11434", "8080", "1234", "8000"]
        #expect(error == .noServerFound(tried: ports.map { "http://127.0.0.1:\($0)" }))
        #expect(transport.requested.map { $0.port.map(String.init) ?? "" } == ports)
        #expect(error?.description.contains("ollama serve") == true)
        #expect(error?.exitStatus == .unavailable)
    }

    @Test func connectionRefusedToTheConfiguredServerSaysHowToStartOne() async {
        let transport = ThrowingTransport { _ in ModelServerError.connectionRefused(server: "http://127.0.0.1:8091") }
        let error = await modelServerError {
            _ = try await ModelClient.connect(settings: ModelServerSettings(server: testServer), transport: transport)
        }
        #expect(error?.description == "no model server at http://127.0.0.1:8091: start one with `ollama serve` or "
            + "`llama-server -m MODEL.gguf`, or point --server at a running one")
        #expect(error?.exitStatus == .unavailable)
    }

    @Test func lmStudioStyle200ErrorIsNotMistakenForOllama() async throws {
        let transport = replaying([
            exchange("GET", "/api/version", [#"{"error":"Unexpected endpoint or method. (GET /api/version)"}"#]),
            exchange("GET", "/v1/models", [#"{"object":"list","data":[{"id":"qwen2.5-7b-instruct","object":"model","owned_by":"organization_owner"}]}"#]),
            exchange("GET", "/props", [#"{"error":"Unexpected endpoint or method. (GET /props)"}"#]),
        ])
        let client = try await ModelClient.connect(settings: ModelServerSettings(server: testServer), transport: transport)
        #expect(client.api == .openai)
        #expect(client.serverVersion == nil)
    }
}

@Suite struct ModelServerSettingsTests {
    @Test func flagsBeatEnvironmentWhichBeatsConfig() throws {
        let config = ModelServerConfig(path: "/c.yaml", server: "http://127.0.0.1:3000", model: "cfg", api: .openai,
                                       connectTimeout: 2, idleTimeout: 50)
        let env = ["PLANFIT_SERVER": "127.0.0.1:4000", "PLANFIT_MODEL": "env", "OLLAMA_HOST": "127.0.0.1:5000"]
        let fromEnv = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: env, config: config)
        #expect(fromEnv.server?.absoluteString == "http://127.0.0.1:4000")
        #expect(fromEnv.serverSource == "PLANFIT_SERVER")
        #expect(fromEnv.model == "env")
        #expect(fromEnv.api == .openai)
        #expect(fromEnv.timeouts == Timeouts(connect: 2, idle: 50, overall: Timeouts.standard.overall))
        let flags = ModelServerFlags(server: "http://localhost:6000/v1/", api: .ollama, model: "flag", idleTimeout: 9)
        let fromFlags = try ModelServerSettings.resolve(flags: flags, environment: env, config: config)
        #expect(fromFlags.server?.absoluteString == "http://localhost:6000")
        #expect(fromFlags.model == "flag")
        #expect(fromFlags.api == .ollama)
        #expect(fromFlags.timeouts.idle == 9)
        let fromConfig = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: [:], config: config)
        #expect(fromConfig.server?.absoluteString == "http://127.0.0.1:3000")
    }

    @Test func ollamaHostAndOpenAIBaseURLImplyTheirAPI() throws {
        let ollama = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: ["OLLAMA_HOST": "0.0.0.0"])
        #expect(ollama.server?.absoluteString == "http://127.0.0.1:11434")
        #expect(ollama.api == .ollama)
        let openai = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: ["OPENAI_BASE_URL": "http://127.0.0.1:1234/v1"])
        #expect(openai.server?.absoluteString == "http://127.0.0.1:1234")
        #expect(openai.api == .openai)
        let none = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: [:])
        #expect(none.server == nil && none.api == .auto)
    }

    @Test func remoteServersNeedAllowRemote() throws {
        #expect(throws: ModelServerError.remoteServerRefused(server: "http://gpu-box.lan:11434")) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(server: "gpu-box.lan:11434"), environment: [:])
        }
        let allowed = try ModelServerSettings.resolve(flags: ModelServerFlags(server: "gpu-box.lan:11434", allowRemote: true),
                                                      environment: [:])
        #expect(allowed.server?.host == "gpu-box.lan")
        let viaConfig = try ModelServerSettings.resolve(flags: ModelServerFlags(server: "10.0.0.5:8080"), environment: [:],
                                                        config: ModelServerConfig(allowRemote: true))
        #expect(viaConfig.allowRemote)
        for local in ["http://localhost:1", "http://127.0.0.2:1", "http://[::1]:8080"] {
            #expect(ServerAddress.isLoopback(URL(string: local)!), "\(local)")
        }
        #expect(!ServerAddress.isLoopback(URL(string: "http://127.0.0.1.evil.com")!))
    }

    @Test func apiKeyComesFromTheEnvironmentAndIsNeverShown() throws {
        let settings = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: ["OPENAI_API_KEY": "sk-abc", "PLANFIT_API_KEY": "pk-xyz"])
        #expect(settings.apiKey == "pk-xyz")
    }

    @Test func cassetteFlagsPickAMode() throws {
        let replay = try ModelServerSettings.resolve(flags: ModelServerFlags(replay: "/tmp/c"), environment: [:])
        #expect(replay.cassettes?.mode == RecordMode.none)
        let record = try ModelServerSettings.resolve(flags: ModelServerFlags(record: "/tmp/c"), environment: ["PLANFIT_RECORD_MODE": "new"])
        #expect(record.cassettes?.mode == .new)
        #expect(throws: ModelServerSettingsError.recordModeWithoutDirectory) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(recordMode: .all), environment: [:])
        }
        #expect(throws: ModelServerSettingsError.self) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(replay: "/tmp/c"), environment: ["PLANFIT_RECORD_MODE": "sometimes"])
        }
        #expect(throws: ModelServerSettingsError.self) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(record: "/tmp/a", replay: "/tmp/b"), environment: [:])
        }
    }

    @Test func timeoutsMustBePositive() {
        #expect(throws: ModelServerSettingsError.self) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(connectTimeout: 0), environment: [:])
        }
    }

    /// Issue 9: a timeout too large to count in milliseconds is refused, named where it was written.
    @Test func timeoutsHaveAnUpperBoundNamedWhereTheyCameFrom() throws {
        #expect(throws: ModelServerSettingsError.invalidValue(name: "--timeout", value: "1e+300",
                                                              expected: "a number of seconds more than 0 and at most 86400 (one day)")) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(timeout: 1e300), environment: [:])
        }
        let config = try ModelServerConfig.parse("timeouts: {idle: 1e300}\n", path: "/home/u/.config/planfit/config.yaml")
        #expect(throws: ModelServerSettingsError.invalidValue(name: "timeouts.idle in /home/u/.config/planfit/config.yaml", value: "1e+300",
                                                              expected: "a number of seconds more than 0 and at most 86400 (one day)")) {
            try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: [:], config: config)
        }
        #expect(try ModelServerSettings.resolve(flags: ModelServerFlags(timeout: 86_400), environment: [:]).timeouts.overall == 86_400)
    }
}

@Suite struct ModelServerConfigTests {
    @Test func readsEveryKey() throws {
        let yaml = """
            server: http://127.0.0.1:11434
            model: llama3.2
            api: ollama
            allow_remote: false
            timeouts:
              connect: 3
              idle: 120.5
              overall: 900
            """
        let config = try ModelServerConfig.parse(yaml, path: "config.yaml")
        #expect(config == ModelServerConfig(path: "config.yaml", server: "http://127.0.0.1:11434", model: "llama3.2", api: .ollama,
                                            allowRemote: false, connectTimeout: 3, idleTimeout: 120.5, overallTimeout: 900))
    }

    @Test func unknownKeysAreErrorsWithTheirLine() {
        do {
            _ = try ModelServerConfig.parse("server: http://127.0.0.1:8080\nmodle: x\n", path: "config.yaml")
            Issue.record("expected an error")
        } catch let error as ModelServerConfigError {
            #expect(error.description.hasPrefix("config.yaml:2:1: unknown key 'modle'"))
            #expect(error.exitStatus == .dataError)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: ModelServerConfigError.self) { try ModelServerConfig.parse("timeouts:\n  conect: 3\n", path: "c") }
        #expect(throws: ModelServerConfigError.self) { try ModelServerConfig.parse("api: grpc\n", path: "c") }
        #expect(throws: ModelServerConfigError.self) { try ModelServerConfig.parse("timeouts: {idle: -1}\n", path: "c") }
    }

    @Test func loadsFromXDGConfigHome() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planfit-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("planfit"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "model: from-file\n".write(to: dir.appendingPathComponent("planfit/config.yaml"), atomically: true, encoding: .utf8)
        #expect(try ModelServerConfig.load(environment: ["XDG_CONFIG_HOME": dir.path]).model == "from-file")
        #expect(try ModelServerConfig.load(environment: ["XDG_CONFIG_HOME": dir.path + "/none"]) == ModelServerConfig())
    }
}
