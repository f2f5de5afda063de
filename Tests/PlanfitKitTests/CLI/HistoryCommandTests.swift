import Foundation
import Testing

/// `history`, `cache stats` and `cache clear` from the command line (issue 10, item 7).
@Suite struct HistoryCommandTests {
    typealias R = CraftedReplay

    static func history(_ arguments: [String], cache: String, in directory: URL = CLI.packageRoot) throws -> CLI.Result {
        try CLI.run(["history"] + arguments, environment: ["PLANFIT_CACHE": cache], currentDirectory: directory)
    }

    @Test func historyShowsPlanTeamModelVerdictAndDurationAndFiltersByPlan() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        #expect(try R.run(R.arguments("refine-repair"), cache: cache).status == 0)
        let other = dir.path("other.md")
        try FileManager.default.copyItem(atPath: CLI.fixture("plans/checkout-v2.md"), toPath: other)
        let fit = try CLI.run(["fit", other, "--team", R.team], environment: ["PLANFIT_CACHE": cache], currentDirectory: CLI.packageRoot)
        #expect(fit.status == 0 || fit.status == 1, "\(fit.stderr)")

        let json = try Self.history(["--format", "json"], cache: cache)
        let runs = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        let refine = try #require(runs.last)
        #expect(refine["plan_path"] as? String == CLI.packageRoot.appendingPathComponent(R.plan).path)
        #expect(refine["team_path"] as? String == R.team)
        #expect(refine["model"] as? String == "fake-planner")
        #expect(refine["verdict"] as? String == "fixed")
        #expect((refine["duration_seconds"] as? Double).map { $0 >= 0 } == true)
        #expect(runs.first?["command"] as? String == "fit")
        #expect(runs.first?["model"] is NSNull)

        // The table, from the package root: the plan relative to it, the other plan absolute.
        let table = try Self.history([], cache: cache).stdout.split(separator: "\n").map(String.init)
        #expect(table.first?.hasPrefix("ID  STARTED (UTC)        COMMAND  VERDICT") == true, "\(table)")
        #expect(table.count == 3)
        #expect(table[2].contains("refine") && table[2].contains("fixed") && table[2].contains("fake-planner")
                && table[2].contains(R.team) && table[2].hasSuffix("  " + R.plan), "\(table[2])")
        #expect(table[1].hasSuffix("  " + other), "\(table[1])")

        // --plan finds a run by its path from any folder; --limit keeps the newest.
        let byPlan = try Self.history(["--plan", R.plan], cache: cache).stdout
        #expect(byPlan.split(separator: "\n").count == 2 && byPlan.contains("refine") && !byPlan.contains(" fit "))
        let relative = try Self.history(["--plan", "other.md"], cache: cache, in: dir.url)
        #expect(relative.stdout.split(separator: "\n").count == 2 && relative.stdout.hasSuffix("  other.md\n"), "\(relative.stdout)")
        let absolute = try Self.history(["--plan", other], cache: cache, in: URL(fileURLWithPath: "/"))
        #expect(absolute.stdout.split(separator: "\n").count == 2 && absolute.stdout.contains(" fit "), "\(absolute.stdout)")
        let none = try Self.history(["--plan", "nowhere.md"], cache: cache)
        #expect(none.status == 0 && none.stdout == "No runs recorded yet.\n")
        let limited = try Self.history(["--limit", "1"], cache: cache).stdout
        #expect(limited.split(separator: "\n").count == 2 && limited.contains(" fit "))
    }

    @Test func readingAMissingCacheReportsItAndCreatesNothing() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path("typo/cache.sqlite")
        let stats = try CLI.run(["cache", "stats", "--cache", missing])
        #expect(stats.status == 66)
        #expect(stats.stderr.contains("no cache at \(missing): the file does not exist"), "\(stats.stderr)")
        let history = try CLI.run(["history", "--cache", missing])
        #expect(history.status == 0 && history.stdout == "No runs recorded yet.\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: dir.path("typo")))
    }

    @Test func cacheClearNeedsYesWithoutATerminal() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        #expect(try R.run(R.arguments("refine-fixed"), cache: cache).status == 0)
        // Standard input is a pipe here, as in a script: no question can be answered, so refuse.
        let refused = try CLI.run(["cache", "clear", "--cache", cache], stdin: "y\n")
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("standard input is not a terminal; pass --yes"), "\(refused.stderr)")
        #expect(try Self.history(["--format", "json"], cache: cache).stdout.contains("\"refine\""), "nothing was cleared")
        let cleared = try CLI.run(["cache", "clear", "--cache", cache, "--yes"])
        #expect(cleared.status == 0 && cleared.stdout.contains("removed 1 cached answer and 1 run"), "\(cleared.stdout)")
        #expect(try Self.history([], cache: cache).stdout == "No runs recorded yet.\n")
    }

    /// On a terminal, clear asks, and anything but y keeps the cache. util-linux `script` gives planfit
    /// a pseudo-terminal for standard input and output; the answer is typed into it.
    @Test func cacheClearAsksOnATerminal() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is needed for a terminal")
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        #expect(try R.run(R.arguments("refine-fixed"), cache: cache).status == 0)
        func clear(answering answer: String) throws -> CLI.Result {
            try CLI.run(["-qec", "'\(CLI.executable.path)' cache clear --cache '\(cache)'", "/dev/null"], stdin: answer,
                        executable: URL(fileURLWithPath: "/usr/bin/script"))
        }
        let declined = try clear(answering: "n\n")
        #expect(declined.status == 0)
        #expect(declined.stdout.contains("Remove every cached answer and run history in \(cache)? [y/N]"), "\(declined.stdout)")
        #expect(declined.stdout.contains("nothing cleared"))
        #expect(try Self.history(["--format", "json"], cache: cache).stdout.contains("\"refine\""), "kept")
        let accepted = try clear(answering: "y\n")
        #expect(accepted.stdout.contains("removed 1 cached answer and 1 run"), "\(accepted.stdout)")
    }
}
