import Foundation
import Testing

/// Issue 9 item 3, as a user meets it: `planfit refine` against scripts/hostile-model-server, which
/// answers with 200 MB (streamed, or one JSON body), fails in under 5 s with the named error (exit 65),
/// under 100 MB of memory, and caches nothing. Out of process, so the time is planfit's own and not the
/// test runner's (whose few threads other tests keep busy).
@Suite struct HostileServerCLITests {
    @Test(arguments: ["stream", "json"]) func aTwoHundredMegabyteAnswerFailsFastInBoundedMemory(mode: String) throws {
        let dir = try TemporaryDirectory()
        let port = 30_000 + Int.random(in: 0..<5000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", CLI.packageRoot.appendingPathComponent("scripts/hostile-model-server").path, mode, String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { stopServer(server) }
        let url = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? CLI.run(["models", "--server", url, "--api", "openai"]))?.status == 0
            if !ready { Thread.sleep(forTimeInterval: 0.1) }
        }
        try #require(ready, "the hostile server did not start")

        let cache = dir.path("cache.sqlite")
        let started = Date()
        let result = try CLI.run(["refine", CLI.fixture("plans/checkout-v2.md"), "--team", CLI.fixture("teams/payments.yaml"),
                                  "--server", url, "--api", "openai"], environment: ["PLANFIT_CACHE": cache])
        let elapsed = Date().timeIntervalSince(started)
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)

        #expect(result.status == 65, "\(result.stderr)")
        let limit = mode == "stream" ? 65536 : 8 << 20
        #expect(result.stderr.contains("planfit: error: the server sent more than \(limit) bytes"), "\(result.stderr)")
        #expect(elapsed < 5, "took \(elapsed) s")
        // The largest resident size of any child this test process has waited for (kilobytes on Linux):
        // planfit's peak is at most that.
        #expect(usage.ru_maxrss < 100 * 1024, "a child of the test process reached \(usage.ru_maxrss) KiB")
        let stats = try CLI.run(["cache", "stats", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        #expect(json?["entries"] as? Int == 0, "nothing cached")
    }
}
