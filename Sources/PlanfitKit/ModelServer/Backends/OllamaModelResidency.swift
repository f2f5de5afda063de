/// Keeping one Ollama model loaded across a run's requests.
///
/// Ollama loads a model with the context size a request asks for (`options.num_ctx`) and unloads it
/// `keep_alive` after the last request (5 minutes by default). A request asking for another `num_ctx`
/// than the loaded one makes Ollama reload the model, which waits for the requests in flight and costs
/// seconds to minutes; a batch whose plans (or repair rounds) each asked for their own size would reload
/// between requests. So planfit:
///
/// - sends `keep_alive` with every `/api/chat` request, so a batch, or a run that pauses to check an
///   answer, never finds the model unloaded (it overrides the server's `OLLAMA_KEEP_ALIVE` for the model);
/// - asks for one `num_ctx` per run, from the first round's prompt plus room for every repair round and
///   the answer, rounded up to a power of two from 8,192 to 32,768. Plans of similar size share a value
///   (every small plan asks 8,192; a typical plan with repairs 16,384), and all rounds of one plan share
///   theirs. The value is part of the request, so of the cache key: it follows from the inputs alone.
public enum OllamaModelResidency {
    /// How long Ollama keeps the model loaded after each request (Ollama's duration syntax).
    public static let keepAlive = "30m"

    /// The `num_ctx` sizes planfit asks for; the largest is also the cap (a larger need is asked for
    /// at the cap, and the server's context error says what did not fit).
    public static let contextSizes = [8192, 16384, 32768]

    /// Characters per token, estimated low so the context is not too small for a dense prompt.
    static let charactersPerToken = 3

    /// The `num_ctx` for a run whose first prompt has `promptCharacters` characters, whose answers may be
    /// `maxTokens` tokens, and whose repair rounds each add up to `repairRoundCharacters` characters
    /// (the quoted answer and the repair message) `repairRounds` times.
    public static func contextSize(promptCharacters: Int, maxTokens: Int, repairRounds: Int = 0,
                                   repairRoundCharacters: Int = 0) -> Int {
        let characters = promptCharacters + max(0, repairRounds) * max(0, repairRoundCharacters)
        let needed = characters / charactersPerToken + max(0, maxTokens)
        return contextSizes.first { $0 >= needed } ?? contextSizes[contextSizes.count - 1]
    }
}
