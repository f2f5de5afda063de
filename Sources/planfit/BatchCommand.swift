import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

struct BatchCommand: AsyncCommand {
    static let about = CommandAbout(
        name: "batch",
        abstract: "Refine many plans against one team profile, several at once.",
        discussion: """
            PLANS are plan files or folders (every *.md directly inside, in name order, except the \
            *.adapted.md files batch writes). For each plan, batch writes NAME.txt (or .md, .json, .patch, \
            .html after --format; with html also an index.html linking every report with its verdict) into \
            the --output folder, and NAME.adapted.md unless the model's plan has more \
            error findings than the original. A plan that fails leaves no output files behind. One failing \
            plan never stops the others.

            Plans run --jobs at a time (default: the server's parallel slots when it reports them, as \
            llama-server does, else 2) over one shared connection; cached answers need no server. Progress \
            goes to stderr, a summary table to stdout. Each plan's run is recorded in `planfit history`.

            Exit status: 0 when every plan succeeded; otherwise the status of the first failed plan in the \
            order listed (65 bad plan or model output, 66 missing plan, 69 no server or model, 74 cache or \
            output failure, 75 timeout); 130 when interrupted. A bad team profile or option stops the batch \
            before it starts (64, 65, 66).
            """
    )

    var plans: [String] = []
    var options = RefineRunOptions()
    var output: String = ""
    var jobs: Int?

    static var declarations: [Declaration<Self>] {
        [
            .arguments(\.plans, name: "plans", help: "Plan files, or folders of *.md plans.", completion: .anyFile),
            .group(\.options),
            .option(\.output, name: "output", short: "o", valueName: "dir", help: "The folder the reports and adapted plans are written to (created if missing).", required: true, completion: .directory),
            .option(\.jobs, name: "jobs", valueName: "n", help: "Plans run at once (default: the server's parallel slots, else 2)."),
        ]
    }

    func validate() throws {
        if let jobs { try checkRange("--jobs", jobs, BatchConcurrency.jobsRange) }
        if options.format == .note { throw ValidationError("--format note is for propose; batch refines.") }
    }

    func run() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let cache = options.runCache()
        defer { cache.close() }
        let (runner, settings, profileDigest) = try reportingErrors { try makeRunner(cache: cache) }
        let progress = BatchProgress(total: runner.configuration.plans.count,
                                     history: BatchHistory(cache: cache, arguments: arguments, plans: plans,
                                                           profileDigest: profileDigest,
                                                           team: options.team, model: settings.model))
        progress.started(outputDirectory: output)
        let results = try await cancellingOnInterrupt {
            await runner.run(connect: {
                let client = try await ModelClient.connect(settings: settings)
                // --verbose: each prompt and raw answer on stderr, one write each (use --jobs 1 to read them in order).
                return BatchConnection(model: Verbosity.current == .verbose ? VerboseChatModel(base: client) : client,
                                       parallelSlots: client.parallelSlots)
            }, onEvent: { progress.handle($0) })
        }
        progress.finish()
        let summary = BatchSummary(results: results, outputDirectory: output)
        if options.format == .html {
            // The page that links every plan's report with its verdict.
            let index = PathText.join(output, BatchIndex.fileName)
            try reportingErrors { try AtomicFile.write(BatchIndex(results: results, format: .html).html, to: index) }
        }
        Terminal.standardOutput.write(summary.text)
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    /// The runner, the server settings and the profile's digest (the profile file is read once).
    func makeRunner(cache: RunCache) throws -> (BatchRunner, ModelServerSettings, String) {
        let teamFile = try InputDocument.read(options.team)
        let teamDigest = teamFile.digest
        let today = try TodayOption.day(options.today)
        let profile = try teamFile.profile(today: today)
        let expanded = try BatchPlanList.expand(plans)
        let templates = try options.prompts.map(PromptTemplates.load(directory:)) ?? .embedded
        let settings = try options.server.settings()
        let service = try options.service(settings: settings, cache: cache)
        let runner = BatchRunner(
            configuration: .init(plans: expanded, profile: profile, templates: templates, parameters: options.parameters,
                                 format: options.format, wordDiff: options.word, outputDirectory: output,
                                 concurrency: jobs.map { .fixed($0) } ?? .serverSlots(fallback: BatchConcurrency.defaultFallback),
                                 scope: .init(model: settings.model, server: settings.server?.absoluteString),
                                 profileSource: RefineJob.profileSource(digest: teamDigest, today: today)),
            service: service)
        try runner.prepareOutput(inputs: expanded.map(\.path) + [options.team])
        return (runner, settings, teamDigest)
    }
}
