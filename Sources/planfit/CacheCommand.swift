import ArgumentKit

/// `planfit cache`: only groups the cache's subcommands (without one it prints its help).
enum CacheCommand {
    static let about = CommandAbout(
        name: "cache",
        abstract: "Inspect and maintain the cache of model answers and run history.")

    static var tree: CommandTree {
        CommandTree(about, subcommands: [
            CommandTree(CacheStatsCommand.self), CommandTree(CachePathCommand.self),
            CommandTree(CachePruneCommand.self), CommandTree(CacheClearCommand.self),
        ])
    }
}
