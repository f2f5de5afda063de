import Foundation
import Testing

/// The answer cache and run history seen from the command line: hits print the same bytes without
/// reaching the transport, the flags mean what they say, and failures store no answer.
@Suite struct RefineCacheTests {
    typealias R = CraftedReplay

    /// A folder with no cassettes: any request that reaches the transport fails.
    static func emptyReplay(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("empty-cassettes")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func stats(_ cache: String) throws -> [String: Any] {
        let r = try CLI.run(["cache", "stats", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func history(_ cache: String) throws -> [[String: Any]] {
        let r = try CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
    }

    @Test(arguments: ["refine-repair", "propose-fixed"])
    func theSecondIdenticalRunIsAByteIdenticalHitThatNeedsNoTransport(_ scenario: String) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let first = try R.run(R.arguments(scenario), cache: cache)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("answered from the cache"))

        let second = try R.run(R.arguments(scenario), cache: cache)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
        #expect(second.stderr.hasPrefix("planfit: answered from the cache (key "))
        #expect(!second.stderr.contains("asking"), "a hit contacts no server")

        let noTransport = try R.run(R.arguments(scenario, replay: try Self.emptyReplay(dir)), cache: cache)
        #expect(noTransport.status == 0, "\(noTransport.stderr)")
        #expect(noTransport.stdout == first.stdout)

        // The same empty folder with a fresh cache does reach the transport, and fails there.
        let control = try R.run(R.arguments(scenario, replay: try Self.emptyReplay(dir)), cache: dir.path("other.sqlite"))
        #expect(control.status == 66)
        #expect(control.stderr.contains("no cassettes (*.json) to replay"))
    }

    /// Issue 11: a repeat reprints the report stored by the run before it (no grounding, no rendering),
    /// and only when everything that shapes the output is the same.
    @Test func aRepeatReprintsTheStoredReportOnlyForTheSameOptions() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let first = try R.run(R.arguments("refine-grounded"), cache: cache)
        #expect(first.status == 0, "\(first.stderr)")
        let repeated = try R.run(R.arguments("refine-grounded", replay: try Self.emptyReplay(dir)), cache: cache)
        #expect(repeated.status == 0 && repeated.stdout == first.stdout)
        #expect(repeated.stderr.hasPrefix("planfit: answered from the cache (key "))

        // Mark the stored report: an identical run prints the mark (it took the short way), a run with
        // another option renders afresh.
        let sql = "UPDATE stored_reports SET report = json_set(report, '$.text', 'MARKED REPORT\n')"
        let update = try CLI.runProgram("/usr/bin/sqlite3", [cache, sql])
        #expect(update.status == 0, "\(update.stderr)")
        let marked = try R.run(R.arguments("refine-grounded", replay: try Self.emptyReplay(dir)), cache: cache)
        #expect(marked.stdout == "MARKED REPORT\n")
        for extra in [["--word"], ["--format", "markdown"], ["--fallback", "none"], ["--color", "always"]] {
            let other = try R.run(R.arguments("refine-grounded", replay: try Self.emptyReplay(dir), extra), cache: cache)
            #expect(other.status == 0, "\(extra): \(other.stderr)")
            #expect(!other.stdout.contains("MARKED REPORT"), "\(extra)")
        }
        // A different plan path names the same bytes but prints another header: rendered afresh too.
        let copy = dir.path("checkout-v2.md")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent(R.plan).path, toPath: copy)
        var arguments = R.arguments("refine-grounded", replay: try Self.emptyReplay(dir))
        arguments[1] = copy
        let moved = try R.run(arguments, cache: cache)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(!moved.stdout.contains("MARKED REPORT"))
    }

    @Test func otherFormatsOfACachedRunAreRenderedFromTheStoredAnswer() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let fresh = dir.path("fresh.sqlite")
        #expect(try R.run(R.arguments("refine-grounded"), cache: cache).status == 0)
        for format in ["json", "markdown", "patch"] {
            let hit = try R.run(R.arguments("refine-grounded", replay: try Self.emptyReplay(dir), ["--format", format]), cache: cache)
            let miss = try R.run(R.arguments("refine-grounded", ["--format", format]), cache: fresh)
            #expect(hit.status == 0 && miss.status == 0)
            #expect(hit.stderr.contains("answered from the cache"))
            #expect(hit.stdout == miss.stdout, "\(format) from the cache differs from a fresh run")
        }
    }

    @Test func noCacheStoresNothingSoOfflineThenMisses() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let bypass = try R.run(R.arguments("refine-grounded", ["--no-cache"]), cache: cache)
        #expect(bypass.status == 0)
        #expect(bypass.stdout.contains("fixes every error finding"))
        #expect(try Self.stats(cache)["entries"] as? Int == 0)

        let offline = try R.run(["refine", R.plan, "--team", R.team, "--offline"], cache: cache)
        #expect(offline.status == 69)
        #expect(offline.stderr.contains("planfit: error: --offline: no cached answer for this request (for any model or server); run once without --offline, or pass --replay DIR"))
        #expect(offline.stdout.isEmpty)

        let history = try Self.history(cache)
        #expect(history.map { $0["cache_status"] as? String } == ["none", "bypass"])
        #expect(history.map { $0["exit_code"] as? Int } == [69, 0])
    }

    @Test func offlineAfterACachedRunHitsWithoutAServer() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let first = try R.run(R.arguments("refine-grounded"), cache: cache)
        #expect(first.status == 0)
        // No --server and no --replay: the answer can only come from the cache.
        let offline = try R.run(["refine", R.plan, "--team", R.team, "--offline"], cache: cache)
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stdout == first.stdout)
        #expect(offline.stderr.contains("answered from the cache"))
        // Naming another model narrows the lookup to answers from that model.
        let other = try R.run(["refine", R.plan, "--team", R.team, "--offline", "--model", "some-other-model"], cache: cache)
        #expect(other.status == 69)
        #expect(other.stderr.contains("(model some-other-model)"))
    }

    @Test func refreshAsksTheModelAgainAndOverwrites() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let first = try R.run(R.arguments("refine-grounded"), cache: cache)
        #expect(first.status == 0)

        let unreachable = try R.run(R.arguments("refine-grounded", replay: try Self.emptyReplay(dir), ["--refresh"]), cache: cache)
        #expect(unreachable.status == 66, "--refresh must not answer from the cache")
        #expect(unreachable.stderr.contains("no cassettes (*.json) to replay"))

        let refreshed = try R.run(R.arguments("refine-grounded", ["--refresh"]), cache: cache)
        #expect(refreshed.status == 0)
        #expect(!refreshed.stderr.contains("answered from the cache"))
        #expect(refreshed.stderr.contains("planfit: round 1: accepted"))
        #expect(refreshed.stdout == first.stdout)
        #expect(try Self.stats(cache)["entries"] as? Int == 1, "refresh overwrites, it does not add")
        #expect(try Self.history(cache).first?["cache_status"] as? String == "refresh")

        let offlineRefresh = try R.run(["refine", R.plan, "--team", R.team, "--offline", "--refresh"], cache: cache)
        #expect(offlineRefresh.status == 64, "a usage error")
        #expect(offlineRefresh.stderr.contains("cannot be combined with --no-cache or --refresh"))
    }

    @Test func historyListsHitsAndMissesAndShowReprintsTheOutput() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let miss = try R.run(R.arguments("refine-repair"), cache: cache)
        let hit = try R.run(R.arguments("refine-repair", ["--format", "json"]), cache: cache)
        #expect(miss.status == 0 && hit.status == 0)

        let runs = try Self.history(cache)
        #expect(runs.count == 2)
        #expect(runs.map { $0["cache_status"] as? String } == ["hit", "miss"])
        #expect(runs.allSatisfy { $0["outcome"] as? String == "ok" && $0["command"] as? String == "refine" })
        #expect(runs[0]["cache_key"] as? String == runs[1]["cache_key"] as? String)
        #expect((runs[1]["plan_digest"] as? String)?.count == 64)

        let table = try CLI.run(["history"], environment: ["PLANFIT_CACHE": cache])
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].contains("refine") && lines[1].contains("hit") && lines[1].contains(runs[0]["verdict"] as? String ?? "?"))
        #expect(lines[2].contains("refine") && lines[2].contains("miss"))

        for (run, printed) in zip(runs, [hit.stdout, miss.stdout]) {
            let id = try #require(run["id"] as? Int)
            let show = try CLI.run(["show", String(id)], environment: ["PLANFIT_CACHE": cache])
            #expect(show.status == 0)
            #expect(show.stdout == printed, "planfit show \(id) differs from what the run printed")
        }
    }

    @Test(arguments: ["refine-unusable", "refine-truncated"])
    func aFailedRunStoresNoAnswerButIsInTheHistory(_ scenario: String) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let failed = try R.run(R.arguments(scenario, ["--fallback", "none"]), cache: cache)
        #expect(failed.status == 65)

        #expect(try Self.stats(cache)["entries"] as? Int == 0)
        let offline = try R.run(["refine", R.plan, "--team", R.team, "--offline"], cache: cache)
        #expect(offline.status == 69)

        let runs = try Self.history(cache)
        let run = try #require(runs.last)
        #expect(run["outcome"] as? String == "failed")
        #expect(run["exit_code"] as? Int == 65)
        #expect(run["cache_key"] is NSNull)
        let error = try #require(run["error"] as? String)
        #expect(error.contains(scenario == "refine-unusable" ? "no usable answer" : "was cut off at max_tokens"))
        let show = try CLI.run(["show", String(try #require(run["id"] as? Int))], environment: ["PLANFIT_CACHE": cache])
        #expect(show.status == 65 && show.stdout.isEmpty, "a failed run printed nothing; show gives its error and its exit code")
        #expect(show.stderr.contains("failed: ") && show.stderr.contains(scenario == "refine-unusable" ? "no usable answer" : "was cut off at max_tokens"))
    }

    @Test(arguments: ["refine-unusable", "refine-truncated"])
    func aModelThatFailsStillLeavesThePlannersPlanAndARepeatIsAHit(_ scenario: String) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let first = try R.run(R.arguments(scenario), cache: cache)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("showing planfit's own planner's plan instead"))
        #expect(try Self.stats(cache)["entries"] as? Int == 1)
        let repeated = try R.run(["refine", R.plan, "--team", R.team, "--offline"], cache: cache)
        #expect(repeated.status == 0 && repeated.stdout == first.stdout)
        // The stored run is the model's failure: asked for the model's plan only, the repeat fails as the first would have.
        let none = try R.run(["refine", R.plan, "--team", R.team, "--offline", "--fallback", "none"], cache: cache)
        #expect(none.status == 65 && none.stdout.isEmpty)
    }
}
