import ArgumentParser

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect and maintain the cache of model answers and run history.",
        subcommands: [CacheStatsCommand.self, CachePathCommand.self, CachePruneCommand.self, CacheClearCommand.self])
}
