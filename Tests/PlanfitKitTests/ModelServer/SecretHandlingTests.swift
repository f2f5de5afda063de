import Foundation
import Testing
@testable import PlanfitKit

/// Issue 9 item 5, the parts below the command line: where a key may come from, where it is sent, and
/// how it is found in what a server sent back.
@Suite struct SecretHandlingTests {
    let key = "sk-unit-0123456789abcdef"

    @Test func apiKeyInTheConfigFileIsRefusedWithTheWayOut() {
        let error = thrownError { _ = try ModelServerConfig.parse("server: http://127.0.0.1:8080\napi_key: sk-abc\n", path: "/home/u/.config/planfit/config.yaml") }
        let config = error as? ModelServerConfigError
        #expect(config?.line == 2, "the line of the key")
        #expect(config?.exitStatus == .dataError)
        let text = config?.description ?? ""
        #expect(text.contains("api_key is not accepted in the config file"))
        #expect(text.contains("PLANFIT_API_KEY or OPENAI_API_KEY") && text.contains("api_key_command"))
        #expect(!text.contains("sk-abc"), "the message never repeats the key")
    }

    @Test func apiKeyCommandPrintsTheKeyAndTheEnvironmentWins() throws {
        let config = try ModelServerConfig.parse("api_key_command: printf '%s\\n' sk-from-helper\n", path: "c.yaml")
        #expect(config.apiKeyCommand == "printf '%s\\n' sk-from-helper")
        let fromCommand = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: [:], config: config)
        #expect(fromCommand.apiKey == "sk-from-helper")
        let fromEnvironment = try ModelServerSettings.resolve(flags: ModelServerFlags(), environment: ["PLANFIT_API_KEY": "sk-env"],
                                                              config: config, keyCommand: { _, _ in
            Issue.record("the command must not run when the environment has a key")
            return ""
        })
        #expect(fromEnvironment.apiKey == "sk-env")
    }

    @Test func aFailingOrNoisyKeyCommandIsNamedWithoutWhatItPrinted() {
        func failure(_ command: String) -> String {
            (thrownError { _ = try APIKeyCommand.run(command, configPath: "c.yaml") } as? APIKeyCommandError)?.description ?? "no error"
        }
        #expect(failure("echo sk-partial; exit 3").hasPrefix("c.yaml: api_key_command failed: it exited with status 3"))
        #expect(!failure("echo sk-partial; exit 3").contains("sk-partial"))
        #expect(failure("true").contains("it printed nothing"))
        #expect(failure("printf 'a\\nb\\n'").contains("more than one line"))
        #expect(failure("head -c 100000 /dev/zero | tr '\\\\0' k").contains("more than 65536 bytes"))
    }

    @Test func theKeyIsNeverSentToOllamasNativeRoutes() {
        let connection = ServerConnection(baseURL: testServer, transport: TrapTransport(), apiKey: key)
        #expect(connection.request("POST", "/v1/chat/completions").headers["Authorization"] == "Bearer \(key)")
        #expect(connection.request("GET", "/props").headers["Authorization"] == "Bearer \(key)")
        for path in ["/api/chat", "/api/tags", "/api/version", "/api/show"] {
            #expect(connection.request("GET", path).headers["Authorization"] == nil, "\(path)")
        }
    }

    @Test func aKeySplitAcrossStreamEventsIsRedactedInTheAssembledAnswer() throws {
        let events = sseStream(["plan text sk-unit-0123", "456789abcdef and more"])
        // Split across events, the raw body never holds the key in one piece.
        #expect(!events.joined().contains(key))
        let redacted = try #require(SecretRedaction.redactedBody(events.joined(), secrets: [key]))
        #expect(!redacted.contains("0123"), "no part of the key is left either")
        var decoder = SSEDecoder()
        let text = decoder.feed(Data(redacted.utf8)).compactMap { try? JSONValue.parse($0.data) }
            .compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == "plan text REDACTED and more")
    }

    @Test func aKeyHiddenBehindJSONEscapesIsRedacted() throws {
        let body = #"{"error": {"message": "bad key \u0073k-unit-0123456789abcdef"}}"#
        let redacted = try #require(SecretRedaction.redactedBody(body, secrets: [key]))
        #expect(try JSONValue.parse(redacted)["error"]?["message"]?.stringValue == "bad key REDACTED")
        let ndjson = "{\"message\":{\"content\":\"sk-unit-01\"},\"done\":false}\n{\"message\":{\"content\":\"23456789abcdef!\"},\"done\":true}\n"
        #expect(SecretRedaction.redactedBody(ndjson, secrets: [key])?.contains("\"content\":\"REDACTED\"") == true)
        #expect(SecretRedaction.redactedBody(ndjson, secrets: ["unrelated-secret"]) == nil, "untouched when there is nothing to hide")
    }

    @Test func cassettesRedactTheAssembledBody() {
        let exchange = CassetteExchange(method: "POST", path: "/v1/chat/completions", requestBody: nil, status: 200,
                                        headers: ["content-type": "text/event-stream"], chunks: sseStream(["a sk-unit-0123", "456789abcdef b"]))
        let text = Cassette(exchanges: [exchange]).fileText(redacting: [key])
        #expect(!text.contains("0123456789"))
        #expect(text.contains("REDACTED"))
    }
}
