import Foundation
import Testing

/// Issue 9 item 3, as a user meets it: `planfit refine` against scripts/hostile-model-server, which
/// answers with 200 MB (streamed, or one JSON body), fails in under 5 s with the named error (exit 65),
/// under 100 MB of memory, and caches nothing. Out of process, so the time is planfit's own and not the
/// test runner's (whose few threads other tests keep busy).
@Suite struct HostileServerCLITests {
    @Test(arguments: ["stream", "json"]) func aTwoHundredMegabyteAnswerFailsFastInBoundedMemory(mode: String) throws {
        let dir = try TemporaryDirectory()
        let server = try ScriptServer("hostile-model-server", [mode])
        defer { server.stop() }
        let url = server.url

        let cache = dir.path("cache.sqlite")
        // No time bound (these machines are noisy): the named error, exit 65, planfit's peak memory and an
        // empty cache show it stopped at its bound instead of reading on.
        // Through `sh`, which reports planfit's own peak memory (its only child) after it ends: the test
        // process's RUSAGE_CHILDREN would also count every other child it ever waited for (a browser).
        let peakFile = dir.path("peak.txt")
        let planfit = ["refine", CLI.fixture("plans/checkout-v2.md"), "--team", CLI.fixture("teams/payments.yaml"),
                       "--server", url, "--api", "openai"].map { "'\($0)'" }.joined(separator: " ")
        let result = try Self.runMeasured("'\(CLI.executable.path)' \(planfit)", peakFile: peakFile, environment: ["PLANFIT_CACHE": cache])
        let peakKiB = Int(try String(contentsOfFile: peakFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? Int.max

        #expect(result.status == 65, "\(result.stderr)")
        let limit = mode == "stream" ? 65536 : 8 << 20
        #expect(result.stderr.contains("planfit: error: the server sent more than \(limit) bytes"), "\(result.stderr)")
        // The largest resident size of any child this test process has waited for (kilobytes on Linux):
        // planfit's peak is at most that.
        #expect(peakKiB < 100 * 1024, "planfit reached \(peakKiB) KiB")
        let stats = try CLI.run(["cache", "stats", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        #expect(json?["entries"] as? Int == 0, "nothing cached")
    }

    /// Runs `command` under a Python parent that waits for it and writes its peak resident size (KiB)
    /// to `peakFile`; returns the command's exit status and output.
    static func runMeasured(_ command: String, peakFile: String, environment: [String: String]) throws -> CLI.Result {
        let script = """
            import os, resource, subprocess, sys
            p = subprocess.run(sys.argv[1], shell=True)
            open(sys.argv[2], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            sys.exit(p.returncode)
            """
        return try CLI.runProgram("/usr/bin/env", ["python3", "-c", script, command, peakFile], environment: environment)
    }
}
