import Foundation
import Testing

/// Issue 9: numbers that once crashed planfit (SIGILL, exit 132, empty stderr) are now errors with the
/// documented exit codes, naming where the number is and the range it must be in.
@Suite struct NumericInputTests {
    let team = CLI.fixture("teams/payments.yaml")

    /// No signal, no backtrace: a crash shows as a status above 128 and "Fatal error" on stderr.
    func expectNoCrash(_ r: CLI.Result, _ comment: Comment? = nil) {
        #expect(r.status < 128, comment)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("crashed"), comment)
    }

    @Test func hugeEstimateInCheckIsAPlanError() throws {
        let dir = try TemporaryDirectory()
        let overload = try dir.write("overload.md", "- T @ana ~10000000000000000000h\n")
        for format in ["text", "json"] {
            let r = try CLI.run(["check", overload, "--team", team, "--format", format])
            expectNoCrash(r)
            #expect(r.status == 65)
            #expect(r.stderr.contains("\(overload):1:10: the estimate '~10000000000000000000h' is too large; an estimate is at most 100000 of its unit"))
        }
        let deadline = try dir.write("deadline.md", "# P\n- T @ana ~1000000000000000000000d (due 2027-03-10)\n")
        let r = try CLI.run(["check", deadline, "--team", team])
        expectNoCrash(r)
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(deadline):2:10: the estimate"))
    }

    /// The largest estimate allowed, on every member and with a due date, goes through every rule and
    /// the load table without trapping.
    @Test func largestAllowedEstimatesAreReported() throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("big.md", """
            # P (due 2027-01-10)
            - A @ana ~100000w
            - B @bo @chidi @dana ~100000w
            - C @bo ~99999.99w
            """)
        let r = try CLI.run(["check", plan, "--team", team])
        expectNoCrash(r)
        #expect(r.status == 1)
        #expect(r.stdout.contains("ana: 3000000h assigned in the horizon"))
        let json = try CLI.run(["check", plan, "--team", team, "--format", "json"])
        #expect(json.status == 1)
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
    }

    @Test func taskDiffWithHugeEstimates() throws {
        let dir = try TemporaryDirectory()
        let bare = try dir.write("bare.md", "- T\n")
        // `~1e19h` is not an estimate (the amount is digits and a point), so it stays in the title.
        let exponent = try dir.write("exponent.md", "- T ~1e19h\n")
        let digits = try dir.write("digits.md", "- T ~10000000000000000000h\n")
        for format in ["text", "json"] {
            let a = try CLI.run(["diff", "--tasks", exponent, bare, "--format", format])
            expectNoCrash(a)
            #expect(a.status == 0)
            #expect(a.stdout.contains("T ~1e19h"))
            let b = try CLI.run(["diff", "--tasks", bare, digits, "--format", format])
            expectNoCrash(b)
            #expect(b.status == 65)
            #expect(b.stderr.contains("\(digits):1:5: the estimate '~10000000000000000000h' is too large"))
        }
    }

    @Test func hugeHoursPerDayIsAProfileError() throws {
        let dir = try TemporaryDirectory()
        let profile = try String(contentsOfFile: team, encoding: .utf8)
            .replacingOccurrences(of: "hours_per_day: 6", with: "hours_per_day: 9223372036854775808")
        let path = try dir.write("team.yaml", profile)
        let plan = try dir.write("p.md", "- T @ana ~1d\n")
        let r = try CLI.run(["check", plan, "--team", path])
        expectNoCrash(r)
        #expect(r.status == 65)
        #expect(r.stderr.contains("team.yaml:6:16: hours_per_day must be more than 0 and at most 24, found '9223372036854775808'"))
    }

    /// Validated before anything runs: the unreachable server is never asked.
    @Test func numericFlagsOutOfRangeAreUsageErrors() throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("p.md", "- T @ana ~1d\n")
        let base = ["refine", plan, "--team", team, "--server", "http://127.0.0.1:9", "--no-cache"]
        let cases: [([String], String)] = [
            (["--max-tokens", "4611686018427387904"], "--max-tokens must be from 16 to 131072 (got 4611686018427387904)"),
            (["--max-repairs", "9223372036854775807"], "--max-repairs must be from 0 to 10 (got 9223372036854775807)"),
            (["--max-repairs=-1"], "--max-repairs must be from 0 to 10 (got -1)"),
            (["--temperature", "nan"], "--temperature must be from 0 to 2"),
            (["--seed=-5"], "--seed must be from 0 to 4294967295 (got -5)"),
            (["--timeout", "1e300"], "--timeout: '1e+300' is not valid; expected a number of seconds more than 0 and at most 86400"),
            (["--idle-timeout", "inf"], "--idle-timeout: 'inf' is not valid"),
        ]
        for (flags, message) in cases {
            let r = try CLI.run(base + flags)
            expectNoCrash(r, "\(flags)")
            #expect(r.status == 64, "\(flags)")
            #expect(r.stderr.contains(message), "\(flags): \(r.stderr)")
            #expect(!r.stderr.contains("no model server"), "\(flags): rejected before connecting")
        }
        let jobs = try CLI.run(["batch", plan, "--team", team, "--output", dir.path("out"), "--jobs", "9223372036854775807"])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("--jobs must be from 1 to 64"))
        let chat = try CLI.run(["chat", "hi", "--server", "http://127.0.0.1:9", "--max-tokens", "4611686018427387904"])
        #expect(chat.status == 64)
        #expect(chat.stderr.contains("--max-tokens must be from 1 to 131072 (got 4611686018427387904)"))
        let context = try CLI.run(["diff", plan, plan, "--context", "9223372036854775807"])
        #expect(context.status == 64)
        #expect(context.stderr.contains("--context must be from 0 to 1000000"))
    }
}
