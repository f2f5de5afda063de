import Foundation
import Testing

/// Issue 11 item 2: a repeat of a `refine`/`propose` run with the same inputs and options reprints the
/// report the earlier run stored, found by a key over the inputs' bytes (computed before the plan and
/// profile are parsed), and journals its history row (no database write). Anything that could change the report (the
/// plan's or the profile's bytes, the day, the prompts, an option) renders afresh.
///
/// Each test works on copies of the crafted scenario's plan and team in a temporary folder, so it can
/// change their bytes; the cassettes do not depend on the paths.
@Suite struct CacheHitTests {
    typealias R = CraftedReplay

    /// A copy of the crafted plan and team, a cache, and an empty cassette folder (a run that reaches the
    /// transport with it fails, exit 66).
    struct Setup {
        let dir: TemporaryDirectory
        let plan: String
        let team: String
        let cache: String
        let noServer: String

        init() throws {
            dir = try TemporaryDirectory()
            plan = dir.path("plan.md")
            team = dir.path("team.yaml")
            try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent(R.plan).path, toPath: plan)
            try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent(R.team).path, toPath: team)
            cache = dir.path("cache.sqlite")
            noServer = dir.path("no-cassettes")
            try FileManager.default.createDirectory(atPath: noServer, withIntermediateDirectories: true)
        }

        /// `refine` on the copies, replaying `replay` (default: the crafted scenario's cassettes).
        func refine(_ extra: [String] = [], replay: String? = nil) throws -> CLI.Result {
            try CLI.run(["refine", plan, "--team", team, "--server", R.server,
                         "--replay", replay ?? CLI.fixture("cassettes/crafted/refine-grounded")] + extra,
                        environment: ["PLANFIT_CACHE": cache])
        }

        func sql(_ statement: String) throws -> String {
            let r = try CLI.runProgram("/usr/bin/sqlite3", [cache, statement])
            #expect(r.status == 0, "\(statement): \(r.stderr)")
            return r.stdout
        }

        /// Replaces the text of every stored report with a mark: a run that prints the mark reprinted a
        /// stored report; one that does not rendered its own.
        func markStoredReports() throws {
            _ = try sql("UPDATE stored_reports SET report = json_set(report, '$.text', 'MARKED REPORT\n')")
        }

        /// Logs each write to the `runs` table (SQLite triggers in the test's cache): what a run wrote to
        /// the history, in order.
        func logHistoryWrites() throws {
            _ = try sql("""
                CREATE TABLE history_writes (n INTEGER PRIMARY KEY, kind TEXT, outcome TEXT);
                CREATE TRIGGER log_run_insert AFTER INSERT ON runs BEGIN INSERT INTO history_writes (kind, outcome) VALUES ('insert', NEW.outcome); END;
                CREATE TRIGGER log_run_update AFTER UPDATE ON runs BEGIN INSERT INTO history_writes (kind, outcome) VALUES ('update', NEW.outcome); END;
                """)
        }

        func historyWrites() throws -> [String] {
            try sql("SELECT kind || ' ' || outcome FROM history_writes ORDER BY n; DELETE FROM history_writes;")
                .split(separator: "\n").map(String.init)
        }
    }

    @Test func aRepeatPrintsTheSameBytesFromTheStoredReportWithoutAServer() throws {
        let s = try Setup()
        let first = try s.refine()
        #expect(first.status == 0, "\(first.stderr)")
        let repeated = try s.refine(replay: s.noServer)
        #expect(repeated.status == 0, "\(repeated.stderr)")
        #expect(repeated.stdout == first.stdout)
        #expect(repeated.stderr == "planfit: answered from the cache (key \(try s.sql("SELECT substr(key, 1, 12) FROM answers").trimmingCharacters(in: .newlines)))\n")

        try s.markStoredReports()
        #expect(try s.refine(replay: s.noServer).stdout == "MARKED REPORT\n", "the repeat took the stored report")
    }

    @Test func aRepeatWritesOneHistoryRowAndApplyLastWorksAfterIt() throws {
        let s = try Setup()
        let first = try s.refine()
        #expect(first.status == 0, "\(first.stderr)")
        try s.logHistoryWrites()
        let miss = try s.refine(["--format", "markdown"])
        #expect(miss.status == 0 && !miss.stdout.contains("MARKED"))
        // A run with work to do writes its row first (a killed run is listed) and completes it at the end.
        #expect(try s.historyWrites() == ["insert running", "update ok"], "a run that renders is listed while it works")

        let hit = try s.refine(replay: s.noServer)
        #expect(hit.status == 0 && hit.stdout == first.stdout)
        // A repeat waits on nothing: its row goes, complete, to the run journal, not into the database.
        #expect(try s.historyWrites() == [], "a repeat writes nothing into the database")
        #expect(FileManager.default.fileExists(atPath: s.cache + "-history"))

        let runs = try RefineCacheTests.history(s.cache)
        #expect(try s.historyWrites() == ["insert ok"], "reading the history moved the repeat's row in, once")
        #expect(runs.count == 3)
        #expect(runs.first?["cache_status"] as? String == "hit")
        #expect(runs.first?["outcome"] as? String == "ok")
        #expect(runs.first?["plan_path"] as? String == s.plan)
        #expect((runs.first?["plan_digest"] as? String)?.count == 64)
        let show = try CLI.run(["show", "last"], environment: ["PLANFIT_CACHE": s.cache])
        #expect(show.status == 0 && show.stdout == first.stdout, "\(show.stderr)")

        // `apply` rebuilds the plan from the hit's row as from the first run's.
        let fromHit = try CLI.run(["apply", "last"], environment: ["PLANFIT_CACHE": s.cache])
        let fromFirst = try CLI.run(["apply", "1"], environment: ["PLANFIT_CACHE": s.cache])
        #expect(fromHit.status == fromFirst.status, "\(fromHit.stderr)")
        #expect(!fromHit.stdout.isEmpty && fromHit.stdout == fromFirst.stdout)
        #expect(fromHit.stderr.contains("from run 3 (refine of"), "\(fromHit.stderr)")
    }

    /// Every input the report depends on is in the key: changing any of them renders afresh, even when
    /// the change leaves the parsed plan, profile and request the same.
    @Test func changedBytesDayOrOptionsMissTheStoredReport() throws {
        let s = try Setup()
        #expect(try s.refine(["--today", "2031-01-01"]).status == 0)
        let first = try s.refine()
        #expect(first.status == 0, "\(first.stderr)")
        try s.markStoredReports()
        #expect(try s.refine(replay: s.noServer).stdout == "MARKED REPORT\n")
        #expect(try s.refine(["--today", "2031-01-01"], replay: s.noServer).stdout == "MARKED REPORT\n")

        // The profile names its horizon, so another day parses the same: the answer is found again
        // (no server), and the report is rendered for this day's inputs.
        let otherDay = try s.refine(["--today", "2031-01-02"], replay: s.noServer)
        #expect(otherDay.status == 0, "\(otherDay.stderr)")
        #expect(otherDay.stdout == first.stdout)

        // Options that change the request: rendered afresh (the empty cassette folder then fails).
        for extra in [["--temperature", "0.3"], ["--seed", "7"], ["--max-tokens", "2048"], ["--max-repairs", "1"],
                      ["--model", "another-model"]] {
            let other = try s.refine(extra, replay: s.noServer)
            #expect(!other.stdout.contains("MARKED REPORT"), "\(extra)")
            #expect(other.status != 0, "\(extra): nothing cached for this request")
        }

        // The same plan text with a byte order mark in front: other bytes, the same parse.
        let planBytes = try Data(contentsOf: URL(fileURLWithPath: s.plan))
        try (Data([0xEF, 0xBB, 0xBF]) + planBytes).write(to: URL(fileURLWithPath: s.plan))
        let bom = try s.refine(replay: s.noServer)
        #expect(bom.status == 0, "\(bom.stderr)")
        #expect(bom.stdout == first.stdout)
        try planBytes.write(to: URL(fileURLWithPath: s.plan))
        try s.markStoredReports()

        // A comment added to the profile: other bytes, the same profile.
        let teamBytes = try Data(contentsOf: URL(fileURLWithPath: s.team))
        try (teamBytes + Data("# a comment\n".utf8)).write(to: URL(fileURLWithPath: s.team))
        let comment = try s.refine(replay: s.noServer)
        #expect(comment.status == 0, "\(comment.stderr)")
        #expect(comment.stdout == first.stdout)
        try teamBytes.write(to: URL(fileURLWithPath: s.team))
        #expect(try s.refine(replay: s.noServer).stdout == "MARKED REPORT\n", "the original bytes find their report again")
    }

    /// `--prompts`: the templates' contents are in the key, not the folder's name.
    @Test func promptFoldersHitByContent() throws {
        let s = try Setup()
        #expect(try s.refine().status == 0)
        let prompts = s.dir.path("prompts")
        for name in ["refine.system.mustache", "refine.user.mustache", "repair.user.mustache"] {
            try s.dir.write("prompts/\(name)", try String(contentsOf: CLI.packageRoot.appendingPathComponent("prompts/\(name)"), encoding: .utf8))
        }
        try s.markStoredReports()
        #expect(try s.refine(["--prompts", prompts], replay: s.noServer).stdout == "MARKED REPORT\n", "the same templates")

        let edited = s.dir.path("prompts/refine.user.mustache")
        try s.dir.write("prompts/refine.user.mustache", try String(contentsOfFile: edited, encoding: .utf8) + "\nThank you.\n")
        let changed = try s.refine(["--prompts", prompts], replay: s.noServer)
        #expect(!changed.stdout.contains("MARKED REPORT"))
        #expect(changed.status == 66, "another prompt, another request: nothing cached for it (\(changed.stderr))")
    }

    @Test func aDamagedStoredReportIsRenderedAfreshAndReplaced() throws {
        let s = try Setup()
        let first = try s.refine()
        #expect(first.status == 0, "\(first.stderr)")
        for damage in ["'{not json'", "json_remove(report, '$.adaptation')", "json_set(report, '$.isImprovement', 'yes')"] {
            _ = try s.sql("UPDATE stored_reports SET report = \(damage)")
            let repeated = try s.refine(replay: s.noServer)
            #expect(repeated.status == 0, "\(damage): \(repeated.stderr)")
            #expect(repeated.stdout == first.stdout, "\(damage)")
            #expect(repeated.stderr.contains("answered from the cache"), "the answer still came from the cache")
            // The full path stored a sound report again: the next repeat takes it.
            try s.markStoredReports()
            #expect(try s.refine(replay: s.noServer).stdout == "MARKED REPORT\n", "\(damage)")
        }
        // A report whose answer is gone is not shown: the run asks the (empty) server instead.
        _ = try s.sql("DELETE FROM answers")
        let gone = try s.refine(replay: s.noServer)
        #expect(gone.status == 66 && !gone.stdout.contains("MARKED REPORT"), "\(gone.stderr)")
    }

    /// The short way computes the prompts, the settings and the cache before parsing; their errors are
    /// still reported after the plan's, as before it existed.
    @Test func aBrokenProfileIsStillTheErrorNamedFirst() throws {
        let s = try Setup()
        try s.dir.write("team.yaml", "team: [unclosed\n")
        let r = try s.refine(["--prompts", s.dir.path("no-such-folder")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("team.yaml") && !r.stderr.contains("--prompts"), "\(r.stderr)")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent(R.team).path, toPath: s.dir.path("good.yaml"))
        try FileManager.default.removeItem(atPath: s.team)
        try FileManager.default.moveItem(atPath: s.dir.path("good.yaml"), toPath: s.team)
        let prompts = try s.refine(["--prompts", s.dir.path("no-such-folder")])
        #expect(prompts.status == 66 && prompts.stderr.contains("--prompts"), "\(prompts.stderr)")
    }

    /// A run that reads its plan from standard input may wait there: it is listed (and shows as
    /// interrupted when killed) before it has read anything.
    @Test func aRunWaitingOnStandardInputIsListedAndAKilledOneShowsAsInterrupted() throws {
        let s = try Setup()
        let input = Pipe()
        let refine = try CLI.start(["refine", "-", "--team", s.team, "--server", R.server, "--replay", s.noServer],
                                   cache: s.cache, stdin: input)
        try CLI.expectListedAsRunningThenInterrupted(refine, cache: s.cache)
        try? input.fileHandleForWriting.close()
    }

    /// A repeat whose `-o` is a FIFO waits for a reader there: it is listed before it waits, though it
    /// takes the short way.
    @Test func aRepeatWritingToAFIFOIsListedWhileItWaits() throws {
        let s = try Setup()
        let fifo = s.dir.path("adapted.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        reader.standardOutput = FileHandle.nullDevice
        try reader.run()
        let first = try s.refine(["-o", fifo])
        reader.waitUntilExit()
        #expect(first.status == 0, "\(first.stderr)")

        let refine = try CLI.start(["refine", s.plan, "--team", s.team, "--server", R.server, "--replay", s.noServer, "-o", fifo],
                                   cache: s.cache)
        try CLI.expectListedAsRunningThenInterrupted(refine, cache: s.cache)
    }
}
