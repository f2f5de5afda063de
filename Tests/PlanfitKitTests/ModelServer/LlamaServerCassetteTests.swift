import Foundation
import Testing
@testable import PlanfitKit

/// Against exchanges recorded from a real llama-server with SmolLM2-135M (fixtures/cassettes/llama-server,
/// made by scripts/record-llama-cassettes). The requests here must stay the ones that script sends.
@Suite struct LlamaServerCassetteTests {
    static let folder = fixturesDirectory.appendingPathComponent("llama-server")

    /// Replay through the same settings path users take, at a closed port with a live transport
    /// that fails the test if touched: nothing here may open a socket.
    func connect(chunking: ReplayTransport.Chunking = .awkward) async throws -> ModelClient {
        let settings = try ModelServerSettings.resolve(
            flags: ModelServerFlags(server: "http://127.0.0.1:9", replay: Self.folder.path), environment: [:])
        #expect(settings.cassettes?.mode == RecordMode.none)
        var transport = try settings.makeTransport(live: TrapTransport())
        if chunking == .asRecorded, let replay = transport as? ReplayTransport {
            transport = ReplayTransport(library: replay.library, chunking: .asRecorded)
        }
        return try await ModelClient.connect(settings: settings, transport: transport, retry: instantRetry())
    }

    @Test func discoveryFindsTheOpenAIServerAndItsModel() async throws {
        let client = try await connect()
        #expect(client.api == .openai)
        #expect(client.model == "smollm2")
        #expect(client.serverVersion == "b0-unknown")
        #expect(client.contextSize == 4096)
        #expect(client.serverURL.absoluteString == "http://127.0.0.1:9")
    }

    @Test(arguments: [ReplayTransport.Chunking.awkward, .asRecorded])
    func streamingChatDecodesTheSameHoweverTheBodyIsCut(chunking: ReplayTransport.Chunking) async throws {
        let request = ChatRequest(messages: [.system("You are a planning assistant."), .user("Name three risks of a two-week deadline.")],
                                  temperature: 0, seed: 42, maxTokens: 64)
        let pieces = Collected<String>()
        let result = try await connect(chunking: chunking).chat(request) { pieces.append($0) }
        #expect(result.text.hasPrefix("When planning a two-week deadline, there are several risks to consider:\n\n1. **Overcommitting**"))
        #expect(result.text.hasSuffix("increased stress.\n\n2"))
        #expect(pieces.all.joined() == result.text)
        #expect(pieces.all.count > 50)
        #expect(result.finishReason == .length)
        #expect(result.promptTokens == 30)
        #expect(result.completionTokens == 64)
        #expect(result.timings["predicted_n"] == 64)
        #expect(result.timings["predicted_ms"] == 8848.642)
        #expect(result.modelID == "smollm2")
    }

    @Test func jsonSchemaChatReturnsJSON() async throws {
        let schemaData = try Data(contentsOf: fixturesDirectory.deletingLastPathComponent().appendingPathComponent("schemas/risks.json"))
        let request = ChatRequest(messages: [.user("List the risks of shipping on a Friday as JSON.")], temperature: 0, seed: 42,
                                  maxTokens: 128, responseSchema: try JSONValue.parse(schemaData))
        let result = try await connect().chat(request)
        #expect(result.finishReason == .stop)
        #expect(try JSONValue.parse(result.text) == ["risks": ["Ship damage", "Ship damage", "Ship damage"]])
        #expect(result.completionTokens == 35)
    }

    @Test func smallMaxTokensEndsWithLength() async throws {
        let request = ChatRequest(messages: [.user("Write a long story about a team shipping software.")], temperature: 0, seed: 42, maxTokens: 8)
        let client = try await connect()
        let result = try await client.chat(request)
        #expect(result.text == "In the early days of the internet,")
        #expect(result.finishReason == .length)
        #expect(client.truncationError(for: result, maxTokens: 8).description.contains("max_tokens (8) after 8 tokens"))
    }

    @Test func tooLongAPromptIsAContextOverflow() async throws {
        let request = ChatRequest(messages: [.user(String(repeating: "Plan the sprint for the team. ", count: 900))], temperature: 0, maxTokens: 16)
        let client = try await connect()
        let error = await modelServerError { _ = try await client.chat(request) }
        #expect(error == .contextOverflow(server: "http://127.0.0.1:9", promptTokens: 6331, contextSize: 4096,
                                          message: "request (6331 tokens) exceeds the available context size (4096 tokens), try increasing it"))
        #expect(error?.exitStatus == .dataError)
    }

    @Test func doctorReportsEverythingFromTheRecording() async throws {
        let settings = try ModelServerSettings.resolve(flags: ModelServerFlags(server: "127.0.0.1:8091", replay: Self.folder.path),
                                                       environment: [:])
        let report = await ModelServerDoctor.diagnose(settings: settings, transport: try settings.makeTransport(live: TrapTransport()))
        #expect(report.exitStatus == .success)
        #expect(report.checks.map(\.label) == ["server", "api", "version", "health", "models", "model", "context"])
        #expect(report.render().contains("4096 tokens per request"))
    }

    @Test func aLoadingServerIsReportedByDoctorWithItsFix() async throws {
        let loading = #"{"error":{"message":"Loading model","type":"unavailable_error","code":503}}"#
        let transport = replaying([exchange("GET", "/api/version", status: 503, [loading])])
        let report = await ModelServerDoctor.diagnose(settings: ModelServerSettings(server: testServer), transport: transport)
        #expect(report.exitStatus == .temporaryFailure)
        #expect(report.render().contains("still loading its model"))
    }
}
