import Foundation
import Testing

/// Issue 9 item 6: a run's history row is written when it starts, so a run killed outright (SIGKILL:
/// no handler runs) still shows in `history`, as interrupted.
@Suite struct KilledRunTests {
    @Test func aKilledRunShowsAsInterrupted() throws {
        let dir = try TemporaryDirectory()
        let port = 25_000 + Int.random(in: 0..<5000)
        let scenario = try dir.write("scenario.json", #"{"model": "fake-planner", "answers": [{"content": "{}", "delay_seconds": 30}]}"#)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", CLI.packageRoot.appendingPathComponent("scripts/fake-model-server").path, scenario, String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { stopServer(server) }
        let url = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? CLI.run(["models", "--server", url]))?.status == 0
            if !ready { Thread.sleep(forTimeInterval: 0.1) }
        }
        try #require(ready, "the fake server did not start")

        let cache = dir.path("cache.sqlite")
        let refine = Process()
        refine.executableURL = CLI.executable
        refine.arguments = ["refine", CLI.fixture("plans/small-launch.md"), "--team", CLI.fixture("teams/payments.yaml"), "--server", url]
        refine.environment = ProcessInfo.processInfo.environment.merging(["PLANFIT_CACHE": cache, "NO_COLOR": "1"]) { $1 }
        refine.standardOutput = FileHandle.nullDevice
        refine.standardError = FileHandle.nullDevice
        try refine.run()
        var running = ""
        for _ in 0..<50 where !running.contains("\"running\"") {
            Thread.sleep(forTimeInterval: 0.1)
            running = (try? CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache]))?.stdout ?? ""
        }
        #expect(running.contains("\"outcome\" : \"running\"") || running.contains("\"outcome\": \"running\""), "\(running)")
        kill(refine.processIdentifier, SIGKILL)
        refine.waitUntilExit()

        let history = try CLI.run(["history"], environment: ["PLANFIT_CACHE": cache])
        #expect(history.status == 0)
        // No exit status and no duration for a run that never ended.
        #expect(history.stdout.contains(" refine   interrupted     -     -  none "), "\(history.stdout)")
    }
}

/// Stops a helper server for good. Processes the test runner starts inherit its signal mask, in which
/// SIGTERM is blocked, so `terminate()` would leave them running; SIGKILL cannot be blocked.
func stopServer(_ process: Process) {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}
