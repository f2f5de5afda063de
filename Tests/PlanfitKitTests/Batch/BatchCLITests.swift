import Foundation
import Testing

/// `planfit batch` end to end, replaying fixtures/cassettes/crafted/batch (recorded by
/// scripts/record-crafted-cassettes against scripts/fake-model-server): three plans, of which
/// reconcile-settlements.md has a bad skill level and fails while the other two are fixed.
@Suite struct BatchCLITests {
    let plans = CLI.fixture("plans/batch")
    let team = CLI.fixture("teams/payments.yaml")
    let cassettes = CLI.fixture("cassettes/crafted/batch")

    func batch(_ extra: [String], output: String, cache: String) throws -> CLI.Result {
        try CLI.run(["batch", plans, "--team", team, "--output", output, "--replay", cassettes] + extra,
                    environment: ["PLANFIT_CACHE": cache])
    }

    func files(_ folder: String) throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        return Dictionary(uniqueKeysWithValues: try names.map {
            ($0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8))
        })
    }

    @Test func replayedBatchWritesEachPlansOutputsAndSummarisesAll() throws {
        let dir = try TemporaryDirectory()
        let r = try batch(["--format", "json"], output: dir.path("out"), cache: dir.path("cache.sqlite"))
        #expect(r.status == 65, "the broken plan's status: \(r.stderr)")
        let written = try files(dir.path("out"))
        #expect(Set(written.keys) == ["ledger-migration.json", "ledger-migration.adapted.md",
                                      "wallet-launch.json", "wallet-launch.adapted.md"])
        #expect(written["ledger-migration.adapted.md"]?.contains("- Verify that balances match @chidi ~1d #postgres") == true)
        #expect(written["wallet-launch.adapted.md"]?.contains("- Prepare the wallet budget @dana ~1d #budget") == true)
        let report = try JSONSerialization.jsonObject(with: Data(try #require(written["wallet-launch.json"]).utf8)) as! [String: Any]
        #expect(report["verdict"] as? String == "fixed")
        #expect(report["plan"] as? String == plans + "/wallet-launch.md")

        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("plan ") == true)
        let ledger = try #require(lines.first { $0.hasPrefix(plans + "/ledger-migration.md") })
        #expect(ledger.contains("fixed") && ledger.contains("1 -> 0") && ledger.contains("miss"))
        let broken = try #require(lines.first { $0.hasPrefix(plans + "/reconcile-settlements.md") })
        #expect(broken.contains("failed (exit 65)") && broken.contains("reconcile-settlements.md:5:55: unknown skill level 'great'"))
        let wallet = try #require(lines.first { $0.hasPrefix(plans + "/wallet-launch.md") })
        #expect(wallet.contains("fixed") && wallet.contains("1 -> 0"))
        #expect(r.stdout.hasSuffix("3 plans: 2 succeeded, 1 failed (exit 65); outputs in \(dir.path("out"))\n"))

        #expect(r.stderr.contains("batch: 3 plans, writing to \(dir.path("out"))\n"))
        #expect(r.stderr.contains("batch: fake-planner at "), "one connection, announced once")
        #expect(r.stderr.components(separatedBy: "fake-planner at ").count == 2)
        #expect(r.stderr.contains("4 plans at once"), "the default --jobs follows the server's total_slots")
        #expect(r.stderr.contains("batch: 3/3 done, 1 failed\n"))
    }

    /// `--format html` writes each plan's page and an index.html linking every report with its verdict;
    /// a failed plan is listed with its exit status and no link.
    @Test func htmlBatchWritesAnIndexLinkingEveryReport() throws {
        let dir = try TemporaryDirectory()
        let r = try batch(["--format", "html"], output: dir.path("out"), cache: dir.path("cache.sqlite"))
        #expect(r.status == 65, "the broken plan's status: \(r.stderr)")
        let written = try files(dir.path("out"))
        #expect(Set(written.keys) == ["index.html", "ledger-migration.html", "ledger-migration.adapted.md",
                                      "wallet-launch.html", "wallet-launch.adapted.md"])
        let index = try #require(written["index.html"])
        #expect(index.contains("Content-Security-Policy"))
        for name in ["ledger-migration", "wallet-launch"] {
            #expect(index.contains("<td>fixed</td><td class=\"num\">1 -> 0</td><td><a href=\"\(name).html\">\(name).html</a></td>"))
            #expect(written["\(name).html"]?.contains("<p id=\"verdict\" class=\"verdict verdict-good\"><strong>Verdict: fixed.</strong>") == true)
        }
        #expect(index.contains("<td class=\"sev-error\">failed (exit 65)</td>"))
        #expect(index.components(separatedBy: "<tr class=\"plan\">").count == 4)
    }

    /// Issue 9: a plan that once crashed the whole batch (SIGILL, no summary) fails alone; the other
    /// plans run and the summary lists every failure with its exit status and message.
    @Test func aCrashClassPlanFailsAloneAndTheSummaryIsWritten() throws {
        let dir = try TemporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: plans) {
            try dir.write("plans/\(name)", try String(contentsOfFile: plans + "/" + name, encoding: .utf8))
        }
        let huge = try dir.write("plans/a-huge.md", "# Huge\n\n- Do it @ana ~10000000000000000000h\n")
        let r = try CLI.run(["batch", dir.path("plans"), "--team", team, "--output", dir.path("out"), "--replay", cassettes,
                             "--format", "text"], environment: ["PLANFIT_CACHE": dir.path("cache.sqlite")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let failed = try #require(lines.first { $0.hasPrefix(huge) })
        #expect(failed.contains("failed (exit 65)") && failed.contains("a-huge.md:3:14: the estimate '~10000000000000000000h' is too large"))
        #expect(lines.contains { $0.hasPrefix(dir.path("plans/ledger-migration.md")) && $0.contains("fixed") })
        #expect(lines.contains { $0.hasPrefix(dir.path("plans/wallet-launch.md")) && $0.contains("fixed") })
        #expect(r.stdout.hasSuffix("4 plans: 2 succeeded, 2 failed (exit 65); outputs in \(dir.path("out"))\n"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path("out")))
                == ["ledger-migration.txt", "ledger-migration.adapted.md", "wallet-launch.txt", "wallet-launch.adapted.md"])
    }

    @Test func oneJobAndThreeJobsWriteTheSameFiles() throws {
        let dir = try TemporaryDirectory()
        for format in ["text", "patch"] {
            let one = try batch(["--jobs", "1", "--format", format], output: dir.path("one-\(format)"), cache: dir.path("1-\(format).sqlite"))
            let three = try batch(["--jobs", "3", "--format", format], output: dir.path("three-\(format)"), cache: dir.path("3-\(format).sqlite"))
            #expect(one.status == 65 && three.status == 65)
            #expect(one.stderr.contains("1 plan at once"))
            #expect(one.stderr.contains("batch: 1/3 done, 0 failed\nbatch: 2/3 done, 1 failed\n"), "one job finishes plans in order")
            #expect(three.stderr.contains("3 plans at once"))
            let a = try files(dir.path("one-\(format)")), b = try files(dir.path("three-\(format)"))
            #expect(a.count == 4)
            #expect(a == b)
        }
    }

    @Test func aSecondRunComesFromTheCacheWithNoServerAndIsRecordedPerPlan() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let first = try batch([], output: dir.path("first"), cache: cache)
        let second = try CLI.run(["batch", plans, "--team", team, "--output", dir.path("second"), "--offline"],
                                 environment: ["PLANFIT_CACHE": cache])
        #expect(first.status == 65 && second.status == 65)
        #expect(second.stdout.components(separatedBy: "  hit  ").count == 3, "both good plans are cache hits: \(second.stdout)")
        #expect(!second.stderr.contains("plans at once"), "no server was contacted")
        #expect(try files(dir.path("first")) == files(dir.path("second")))

        let history = try CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        let runs = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as! [String: Any])["runs"] as! [[String: Any]]
        #expect(runs.count == 6)
        #expect(runs.allSatisfy { $0["command"] as? String == "batch" })
        let failed = runs.filter { $0["exit_code"] as? Int == 65 }
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { ($0["arguments"] as? [String])?.prefix(2) == ["batch", plans + "/reconcile-settlements.md"] })
        #expect(runs.filter { $0["cache_status"] as? String == "hit" }.count == 2)
        // Each plan's run names its plan, the team and, for the plans the server answered, the model.
        #expect(runs.filter { $0["cache_status"] as? String == "miss" }.allSatisfy { $0["model"] as? String == "fake-planner" })
        #expect(runs.allSatisfy { ($0["plan_path"] as? String)?.hasPrefix(plans + "/") == true && $0["team_path"] as? String == team })

        let ok = try #require(runs.first { $0["cache_status"] as? String == "hit" })
        let shown = try CLI.run(["show", "\(ok["id"] as! Int)"], environment: ["PLANFIT_CACHE": cache])
        let name = (ok["arguments"] as! [String])[1].split(separator: "/").last!.replacingOccurrences(of: ".md", with: ".txt")
        #expect(shown.stdout == (try files(dir.path("second")))[name])
    }

    @Test func badBatchesStopBeforeAnyPlanRuns() throws {
        let dir = try TemporaryDirectory()
        try dir.write("empty/notes.txt", "no plans here\n")
        let empty = try CLI.run(["batch", dir.path("empty"), "--team", team, "--output", dir.path("out")])
        #expect(empty.status == 66)
        #expect(empty.stderr.contains("no plans (*.md files) in this folder"))

        let zero = try CLI.run(["batch", plans, "--team", team, "--output", dir.path("out"), "--jobs", "0"])
        #expect(zero.status == 64)
        let none = try CLI.run(["batch", "--team", team, "--output", dir.path("out")])
        #expect(none.status == 64)
        #expect(none.stderr.contains("missing argument <plans> ..."))

        let plan = try dir.write("plans/q1.md", "# Q1\n\n- Ship it @bo ~1d\n")
        let over = try CLI.run(["batch", plan, "--team", team, "--output", dir.path("plans"), "--format", "markdown"])
        #expect(over.status == 64)
        #expect(over.stderr.contains("--output would write \(dir.path("plans"))/q1.md over the input"))
        #expect(try String(contentsOfFile: plan, encoding: .utf8) == "# Q1\n\n- Ship it @bo ~1d\n")
    }
}
