import Foundation
import Testing
@testable import PlanfitKit

@Suite struct CassetteTests {
    let request = ChatRequest(messages: [.user("Hi")], temperature: 0, seed: 1, maxTokens: 32)
    let secret = "sk-very-secret-key-42"

    /// A stand-in for a live llama-server, served from memory with the chunks as given.
    func fakeLiveServer(echoingSecret: Bool = false) -> ReplayTransport {
        let chat = OpenAIBackend.requestBody(request, model: "smollm2")
        return replaying([
            exchange("GET", "/api/version", status: 404, contentType: "text/plain", ["File Not Found"]),
            exchange("GET", "/v1/models", [#"{"object":"list","data":[{"id":"smollm2","object":"model"}]}"#]),
            exchange("GET", "/props", [#"{"default_generation_settings":{"n_ctx":4096},"build_info":"b1-x"}"#]),
            exchange(OpenAIBackend.chatPath, body: chat, contentType: "text/event-stream",
                     sseStream(["Grüße", " ☕", echoingSecret ? " \(secret)" : "!"])),
        ], chunking: .awkward)
    }

    func run(_ settings: ModelServerSettings, live: any Transport) async throws -> (ModelClient, ChatResult) {
        let transport = try settings.makeTransport(live: live)
        let client = try await ModelClient.connect(settings: settings, transport: transport, retry: instantRetry())
        return (client, try await client.chat(request))
    }

    @Test func recordThenReplayGivesIdenticalResultsWithoutTheNetwork() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url
        var settings = ModelServerSettings(server: testServer, apiKey: secret,
                                           cassettes: CassetteSettings(directory: dir, mode: .all))
        let (liveClient, live) = try await run(settings, live: fakeLiveServer())
        let text = try String(contentsOf: dir.appendingPathComponent("planfit.json"), encoding: .utf8)
        #expect(!text.contains(secret))
        #expect(!text.lowercased().contains("authorization"))

        // A closed port and a transport that fails the test if touched: replay must need neither.
        settings.server = URL(string: "http://127.0.0.1:9")!
        settings.cassettes?.mode = RecordMode.none
        let (replayClient, replayed) = try await run(settings, live: TrapTransport())
        #expect(replayed == live)
        #expect(replayClient.serverVersion == liveClient.serverVersion)
        #expect(replayClient.contextSize == 4096)
        #expect(replayed.text == "Grüße ☕!")
    }

    @Test func secretsEchoedByTheServerAreRedacted() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url
        let settings = ModelServerSettings(server: testServer, apiKey: secret, cassettes: CassetteSettings(directory: dir, mode: .all))
        let (_, result) = try await run(settings, live: fakeLiveServer(echoingSecret: true))
        #expect(result.text.contains(secret), "the caller still sees the real answer")
        let text = try String(contentsOf: dir.appendingPathComponent("planfit.json"), encoding: .utf8)
        #expect(!text.contains(secret))
        #expect(text.contains("REDACTED"))
    }

    @Test func onceRecordsTheFirstTimeAndThenOnlyReplays() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url
        let settings = ModelServerSettings(server: testServer, cassettes: CassetteSettings(directory: dir, mode: .once))
        let (_, first) = try await run(settings, live: fakeLiveServer())
        let (_, second) = try await run(settings, live: TrapTransport())
        #expect(first == second)
    }

    @Test func newRecordsOnlyWhatIsMissing() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url
        var settings = ModelServerSettings(server: testServer, cassettes: CassetteSettings(directory: dir, mode: .all))
        _ = try await run(settings, live: fakeLiveServer())
        let firstRun = try Cassette.parse(try Data(contentsOf: dir.appendingPathComponent("planfit.json")), path: "planfit.json")
        settings.cassettes?.mode = .new
        let other = ChatRequest(messages: [.user("Other")])
        let otherBody = OpenAIBackend.requestBody(other, model: "smollm2")
        let live = replaying([exchange(OpenAIBackend.chatPath, body: otherBody, contentType: "text/event-stream", sseStream(["new"]))])
        let transport = try settings.makeTransport(live: live)
        let client = try await ModelClient.connect(settings: settings, transport: transport)  // replayed
        #expect(try await client.chat(other).text == "new")  // recorded
        let cassette = try Cassette.parse(try Data(contentsOf: dir.appendingPathComponent("planfit.json")), path: "planfit.json")
        #expect(cassette.exchanges.count == firstRun.exchanges.count + 1)
        #expect(cassette.exchanges.last?.requestBody == otherBody)
    }

    @Test func aRecordedMidStreamErrorReplaysAsTheSameError() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url
        let chat = OpenAIBackend.requestBody(request, model: "smollm2")
        let live = replaying([exchange(OpenAIBackend.chatPath, body: chat, contentType: "text/event-stream",
                                       Array(sseStream(["Hi"]).prefix(1)) + ["error: {\"code\":500,\"message\":\"slot crashed\"}\n\n",
                                                                          ": trailing bytes the recorder must still see\n\n"])])
        let recorder = try CassetteRecorder(file: dir.appendingPathComponent("planfit.json"), secrets: [], keepExisting: false)
        let recordedError = await modelServerError {
            _ = try await openAIClient(RecordingTransport(live: live, recorder: recorder)).chat(request)
        }
        #expect(recorder.recorded.exchanges.first?.chunks.joined().contains("trailing bytes") == true)
        let replay = ReplayTransport(library: try CassetteLibrary.load(directory: dir))
        let replayedError = await modelServerError { _ = try await openAIClient(replay).chat(request) }
        #expect(recordedError == .streamError(server: "http://127.0.0.1:8091", message: "slot crashed"))
        #expect(replayedError == recordedError)
    }

    @Test func aMissNamesTheNearestRecordingAndTheFirstDifference() async throws {
        let recorded = OpenAIBackend.requestBody(request, model: "smollm2")
        let transport = replaying([exchange(OpenAIBackend.chatPath, body: recorded, contentType: "text/event-stream", sseStream(["x"])),
                                   exchange("GET", "/v1/models", ["{}"])])
        var changed = request
        changed.messages = [.user("Hello")]
        do {
            _ = try await openAIClient(transport).chat(changed)
            Issue.record("expected a miss")
        } catch let error as CassetteError {
            #expect(error.description.contains("POST /v1/chat/completions"))
            #expect(error.description.contains(#"messages[0].content: recorded "Hi", requested "Hello""#))
            #expect(error.exitStatus == .unavailable)
        }
    }

    /// Long prompts share their opening, so the message must show where they part, not two equal prefixes.
    @Test func aMissInALongStringShowsBothValuesWhereTheyDiffer() {
        let opening = String(repeating: "You adapt plans to teams. ", count: 10)
        let recorded: JSONValue = .object(["messages": .array([.object(["content": .string(opening + "Plan A\nend")])])])
        let requested: JSONValue = .object(["messages": .array([.object(["content": .string(opening + "Plan B\nend")])])])
        let first = JSONDifference.all(recorded: recorded, requested: requested).first
        let text = first?.description ?? ""
        #expect(text.hasPrefix("messages[0].content from character \(opening.count + 6): "), "\(text)")
        #expect(text.contains(#"recorded …"lans to teams. Plan A\nend""#), "\(text)")
        #expect(text.contains(#"requested …"lans to teams. Plan B\nend""#), "\(text)")
    }

    @Test func replayingAnEmptyFolderIsAnError() throws {
        let empty = try TemporaryDirectory()
        let settings = ModelServerSettings(cassettes: CassetteSettings(directory: empty.url, mode: .none))
        #expect(throws: CassetteError.self) { try settings.makeTransport(live: TrapTransport()) }
    }

    @Test func cassetteFilesRoundTrip() throws {
        let cassette = Cassette(note: "n", exchanges: [
            exchange(OpenAIBackend.chatPath, body: ["a": [1, 2.5, "ü"]], status: 201, ["x", "y\n"]),
            exchange("GET", "/health", ["{}"]),
        ])
        #expect(try Cassette.parse(Data(cassette.fileText().utf8), path: "t") == cassette)
        #expect(throws: CassetteError.self) { try Cassette.parse(Data("{\"exchanges\":[]}".utf8), path: "t") }
    }
}
