/// Cache keys: SHA-256 over canonical JSON, so equal requests give equal keys on any machine.
public struct CacheKey: Sendable, Equatable {
    /// Over everything but the server's identity: the prompt templates' hashes, the rendered messages,
    /// sampling parameters, schema and loop settings. `--offline` finds answers by this alone.
    public var request: String
    /// Over the request key, the API kind, server, model id and digest, and the exact request body.
    public var full: String

    public static func requestKey(job: RefineJob, messages: [ChatMessage], request: ChatRequest,
                                  templateHashes: [String: String]) -> String {
        let requestPart: JSONValue = [
            "planfit_cache_format": 1,
            "command": .string(job.mode.command),
            "templates": .object(templateHashes.mapValues { .string($0) }),
            "messages": .array(messages.map { ["role": .string($0.role), "content": .string($0.content)] }),
            "temperature": .double(job.parameters.temperature),
            "seed": .int(job.parameters.seed),
            "max_tokens": .int(job.parameters.maxTokens),
            "max_repairs": .int(job.parameters.maxRepairs),
            "schema": request.responseSchema ?? .null,
            "rules_version": .string(PlanfitVersion.current),
        ]
        return SHA256Digest.hex(requestPart.canonicalText)
    }

    /// Over the run's inputs as given: the plan's text, the profile's source (`RefineJob.profileSource`),
    /// the mode, the prompt templates, the parameters and planfit's version. Everything the request key
    /// covers is computed from these, so equal input keys mean equal request keys and planner results:
    /// a cache hit found this way skips the planner and the prompt. Nil without a profile source.
    public static func inputKey(job: RefineJob) -> String? {
        guard let profileSource = job.profileSource else { return nil }
        var mode: JSONValue = ["command": .string(job.mode.command)]
        if case .propose(let handle, let concern) = job.mode {
            mode = ["command": .string(job.mode.command), "as": .string(handle), "concern": concern.map { .string($0) } ?? .null]
        }
        let inputPart: JSONValue = [
            "planfit_input_format": 1,
            "mode": mode,
            "plan": .string(SHA256Digest.hex(job.planText)),
            "profile": .string(profileSource),
            "templates": .object(job.templates.hashes(PromptRenderer(templates: job.templates).templateNames(for: job.mode))
                .mapValues { .string($0) }),
            "temperature": .double(job.parameters.temperature),
            "seed": .int(job.parameters.seed),
            "max_tokens": .int(job.parameters.maxTokens),
            "max_repairs": .int(job.parameters.maxRepairs),
            "rules_version": .string(PlanfitVersion.current),
        ]
        return SHA256Digest.hex(inputPart.canonicalText)
    }

    public static func fullKey(requestKey: String, request: ChatRequest, model: ChatModel) -> String {
        let identity = model.identity
        let fullPart: JSONValue = [
            "request_key": .string(requestKey),
            "api": .string(identity.api),
            "server": .string(identity.server),
            "model": .string(identity.model),
            "model_digest": identity.modelDigest.map { .string($0) } ?? .null,
            "body": model.canonicalRequestBody(request),
        ]
        return SHA256Digest.hex(fullPart.canonicalText)
    }
}
