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

    /// Over the run's inputs as read, before anything is parsed (`RefineInputs`): the plan's bytes, the
    /// profile's source (`RefineJob.profileSource`: its bytes and the day), the mode, the prompt
    /// templates, the parameters and planfit's version. Parsing, the rules, the planner and the prompt
    /// are deterministic on these for one planfit version, so equal input keys mean equal request keys,
    /// planner results and reports: a repeat found this way skips all of them, parsing included.
    ///
    /// Format 2 takes the digest of the plan's bytes, which the history records anyway; format 1 hashed
    /// its decoded text (without a byte order mark) a second time. Rows keyed by format 1 are simply not
    /// found again.
    public static func inputKey(_ inputs: RefineInputs) -> String {
        var mode: JSONValue = ["command": .string(inputs.mode.command)]
        if case .propose(let handle, let concern) = inputs.mode {
            mode = ["command": .string(inputs.mode.command), "as": .string(handle), "concern": concern.map { .string($0) } ?? .null]
        }
        let inputPart: JSONValue = [
            "planfit_input_format": 2,
            "mode": mode,
            "plan": .string(inputs.planDigest),
            "profile": .string(inputs.profileSource),
            "templates": .object(inputs.templateHashes.mapValues { .string($0) }),
            "temperature": .double(inputs.parameters.temperature),
            "seed": .int(inputs.parameters.seed),
            "max_tokens": .int(inputs.parameters.maxTokens),
            "max_repairs": .int(inputs.parameters.maxRepairs),
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
