#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `--verbose`: shows on stderr each prompt as sent (every message, rendered from the templates) and
/// the model's raw answer before planfit parses it, as `llm logs` does, to see why a model answered
/// as it did. Wraps the real model; the request and the answer are unchanged.
struct VerboseChatModel: ChatModel {
    let base: ChatModel

    var identity: ModelIdentity { base.identity }

    func canonicalRequestBody(_ request: ChatRequest) -> JSONValue { base.canonicalRequestBody(request) }

    func chat(_ request: ChatRequest, onText: @Sendable (String) -> Void) async throws -> ChatResult {
        var prompt = "planfit: --- prompt to \(identity.model) (\(request.messages.count) messages) ---\n"
        for message in request.messages {
            prompt += "[\(message.role)]\n\(message.content)\n"
        }
        Terminal.standardError.write(prompt)
        let result = try await base.chat(request, onText: onText)
        let tokens = "\(result.promptTokens.map(String.init) ?? "?") prompt + \(result.completionTokens.map(String.init) ?? "?") generated tokens"
        Terminal.standardError.write("planfit: --- raw answer (finish \(result.finishReason.rawValue), \(tokens)) ---\n\(result.text)\nplanfit: --- end of answer ---\n")
        return result
    }
}
