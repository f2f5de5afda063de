import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit chat`: one prompt to the model server, streamed. For checking a server and recording
/// cassettes; `refine` and `propose` are the commands that work on plans.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Send one prompt to the model server and stream the answer (for checking a server).")

    @OptionGroup var server: ModelServerOptions

    @Argument(help: "The user message.")
    var prompt: String

    @Option(help: "A system message.")
    var system: String?

    @Option(help: "Maximum tokens to generate.")
    var maxTokens: Int?

    @Option(help: "Sampling temperature.")
    var temperature: Double?

    @Option(help: "Sampling seed.")
    var seed: Int?

    @Option(help: ArgumentHelp("A JSON schema file the answer must follow.", valueName: "file"), completion: .file(extensions: ["json"]))
    var schema: String?

    func validate() throws {
        if let maxTokens { try checkRange("--max-tokens", maxTokens, 1...RefineParameters.maxTokensRange.upperBound) }
        if let temperature { try checkRange("--temperature", temperature, RefineParameters.temperatureRange) }
        if let seed { try checkRange("--seed", seed, RefineParameters.seedRange) }
    }

    func run() async throws {
        let settings = try reportingErrors { try server.settings() }
        var request = ChatRequest(messages: (system.map { [ChatMessage.system($0)] } ?? []) + [.user(prompt)],
                                  temperature: temperature, seed: seed, maxTokens: maxTokens)
        if let schema {
            request.responseSchema = try reportingErrors {
                guard let data = FileManager.default.contents(atPath: schema) else {
                    throw FileError(path: schema, kind: .missing)
                }
                return try JSONValue.parse(data)
            }
        }
        let chatRequest = request
        let result = try await cancellingOnInterrupt {
            try await reportingErrors {
                let client = try await ModelClient.connect(settings: settings)
                return try await client.chat(chatRequest) { Terminal.standardOutput.write($0) }
            }
        }
        Terminal.standardOutput.write("\n")
        let tokens = "\(result.promptTokens.map(String.init) ?? "?") prompt + \(result.completionTokens.map(String.init) ?? "?") generated"
        Terminal.standardError.write("planfit: \(result.modelID): finish \(result.finishReason.rawValue), \(tokens) tokens\n")
    }
}
