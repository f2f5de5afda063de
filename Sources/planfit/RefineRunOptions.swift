import ArgumentKit
import PlanfitKit

extension AdaptationReport.Format: ArgumentValue {}
extension FallbackPolicy: ArgumentValue {}

/// The options of every command that asks the model to adapt plans (`refine`, `propose`, `batch`):
/// team, report format, prompts, sampling, cache and server. Where the results go differs per command.
struct RefineRunOptions: CommandArguments {
    var team: String = ""
    var format: AdaptationReport.Format = .text
    var word = false
    var fallback: FallbackPolicy = .planner
    var prompts: String?
    var maxRepairs = 2
    var maxTokens = 4096
    var temperature = 0.2
    var seed = 42
    var noCache = false
    var refresh = false
    var offline = false
    var cache = CacheOptions()
    var server = ModelServerOptions()
    var display = OutputOptions()
    var today: String?

    static var declarations: [Declaration<Self>] {
        [
            .option(\.team, name: "team", short: "t", valueName: "file", help: "The team profile, a YAML or JSON file.", required: true, completion: .file(extensions: ["yaml", "yml", "json"])),
            .option(\.format, name: "format", help: "Output format: text, markdown (for people: verdict, load, changes, the adapted plan; tool details collapsed at the end), json, patch (a unified diff of the plan that git apply accepts), html (one self-contained page: load bars, changes, the plans side by side; no network, no script), or note (propose only: the note to the author with the change table)."),
            .flag(\.word, name: "word", help: "Highlight changed words in the line diff (text format)."),
            .option(\.fallback, name: "fallback", valueName: "planner|none", help: "When the model's plan is less grounded than planfit's own planner's (more error findings, unlisted or phantom changes, estimate cuts, dropped tasks, unusable): show the planner's plan (planner) or the model's anyway (none)."),
            .option(\.prompts, name: "prompts", valueName: "dir", help: "Use the prompt templates in this folder instead of the built-in ones.", completion: .directory),
            .option(\.maxRepairs, name: "max-repairs", valueName: "n", help: "Repair turns when the answer still breaks rules or is malformed."),
            .option(\.maxTokens, name: "max-tokens", valueName: "n", help: "Most tokens the model may write per answer."),
            .option(\.temperature, name: "temperature", valueName: "t", help: "Sampling temperature."),
            .option(\.seed, name: "seed", valueName: "n", help: "Sampling seed, for repeatable answers."),
            .flag(\.noCache, name: "no-cache", help: "Neither read nor write the cache."),
            .flag(\.refresh, name: "refresh", help: "Ask the model again and overwrite the cached answer."),
            .flag(\.offline, name: "offline", help: "Use only the cache or --replay cassettes; never contact a server (a miss exits 69)."),
            .group(\.cache),
            .group(\.server),
            .group(\.display),
            .option(\.today, name: "today", help: "Count the default horizon from this day instead of today (YYYY-MM-DD).", hidden: true),
        ]
    }

    func validate() throws {
        if noCache && refresh { throw ValidationError("--no-cache and --refresh contradict each other; pick one.") }
        if offline && (noCache || refresh) {
            throw ValidationError("--offline answers from the cache, so it cannot be combined with --no-cache or --refresh.")
        }
        try checkRange("--max-repairs", maxRepairs, RefineParameters.maxRepairsRange)
        try checkRange("--max-tokens", maxTokens, RefineParameters.maxTokensRange)
        try checkRange("--temperature", temperature, RefineParameters.temperatureRange)
        try checkRange("--seed", seed, RefineParameters.seedRange)
        if word && format != .text { throw ValidationError("--word applies to the text format only.") }
    }

    /// The cache around the model for these options: `--offline` reads only the cache, unless cassettes
    /// replay the server (then the replay answers and nothing touches the network either).
    /// The run's cache: opened once, for answers and for the history (see `RunCache`).
    func runCache() -> RunCache { RunCache(options: cache, enabled: usesCache) }

    func service(settings: ModelServerSettings, cache runCache: RunCache) throws -> RefineService {
        if offline, let cassettes = settings.cassettes, cassettes.mode != .none {
            throw UsageError("--offline cannot record cassettes; use --replay DIR (mode none) or drop --offline.")
        }
        let replaying = settings.cassettes?.mode == RecordMode.none
        let store: SQLiteResultStore? = policy == .bypass ? nil : try runCache.store()
        return RefineService(store: store, policy: policy, offline: offline && !replaying, fallback: fallback)
    }

    /// Whether this run may open the cache at all (answers and history). A replay is a fixture: with
    /// the user's default cache it would answer from whatever an earlier, different replay stored
    /// ("answered from the cache"), and would fill that cache and its history with test runs. So
    /// `--replay` uses a cache only when one is named with `--cache` or `PLANFIT_CACHE`.
    var usesCache: Bool { server.replay == nil || cache.isExplicit }

    var policy: CachePolicy { noCache ? .bypass : (refresh ? .refresh : .normal) }

    var parameters: RefineParameters {
        RefineParameters(temperature: temperature, seed: seed, maxTokens: maxTokens, maxRepairs: maxRepairs)
    }
}
