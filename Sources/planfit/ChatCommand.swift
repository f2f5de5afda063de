import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit chat`: one prompt to the model server, streamed. For checking a server and recording
/// cassettes; `refine` and `propose` are the commands that work on plans.
struct ChatCommand: AsyncCommand {
    static let about = CommandAbout(
        name: "chat",
        abstract: "Send one prompt to the model server and stream the answer (for checking a server).")
    var server = ModelServerOptions()
    var prompt: String = ""
    var system: String?
    var maxTokens: Int?
    var temperature: Double?
    var seed: Int?
    var schema: String?

    static var declarations: [Declaration<Self>] {
        [
            .group(\.server),
            .argument(\.prompt, name: "prompt", help: "The user message."),
            .option(\.system, name: "system", help: "A system message."),
            .option(\.maxTokens, name: "max-tokens", help: "Maximum tokens to generate."),
            .option(\.temperature, name: "temperature", help: "Sampling temperature."),
            .option(\.seed, name: "seed", help: "Sampling seed."),
            .option(\.schema, name: "schema", valueName: "file", help: "A JSON schema file the answer must follow.", completion: .file(extensions: ["json"])),
        ]
    }

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
