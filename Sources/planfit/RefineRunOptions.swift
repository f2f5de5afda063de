import ArgumentParser
import PlanfitKit

extension AdaptationReport.Format: ExpressibleByArgument {}
extension FallbackPolicy: ExpressibleByArgument {}

/// The options of every command that asks the model to adapt plans (`refine`, `propose`, `batch`):
/// team, report format, prompts, sampling, cache and server. Where the results go differs per command.
struct RefineRunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The team profile, a YAML or JSON file.", valueName: "file"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var team: String

    @Option(help: "Output format: text, markdown (for people: verdict, load, changes, the adapted plan; tool details collapsed at the end), json, patch (a unified diff of the plan that git apply accepts), html (one self-contained page: load bars, changes, the plans side by side; no network, no script), or note (propose only: the note to the author with the change table).")
    var format: AdaptationReport.Format = .text

    @Flag(help: "Highlight changed words in the line diff (text format).")
    var word = false

    @Option(help: ArgumentHelp("When the model's plan is less grounded than planfit's own planner's (more error findings, unlisted or phantom changes, estimate cuts, dropped tasks, unusable): show the planner's plan (planner) or the model's anyway (none).", valueName: "planner|none"))
    var fallback: FallbackPolicy = .planner

    @Option(help: ArgumentHelp("Use the prompt templates in this folder instead of the built-in ones.", valueName: "dir"), completion: .directory)
    var prompts: String?

    @Option(help: ArgumentHelp("Repair turns when the answer still breaks rules or is malformed.", valueName: "n"))
    var maxRepairs = 2

    @Option(help: ArgumentHelp("Most tokens the model may write per answer.", valueName: "n"))
    var maxTokens = 4096

    @Option(help: ArgumentHelp("Sampling temperature.", valueName: "t"))
    var temperature = 0.2

    @Option(help: ArgumentHelp("Sampling seed, for repeatable answers.", valueName: "n"))
    var seed = 42

    @Flag(help: "Neither read nor write the cache.")
    var noCache = false

    @Flag(help: "Ask the model again and overwrite the cached answer.")
    var refresh = false

    @Flag(help: "Use only the cache or --replay cassettes; never contact a server (a miss exits 69).")
    var offline = false

    @OptionGroup var cache: CacheOptions

    @OptionGroup var server: ModelServerOptions

    @OptionGroup var display: OutputOptions

    @Option(help: ArgumentHelp("Count the default horizon from this day instead of today (YYYY-MM-DD).", visibility: .hidden))
    var today: String?

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
