import Foundation
import Testing

/// Issue 9 item 6: a run's history row is written when it starts, so a run killed outright (SIGKILL:
/// no handler runs) still shows in `history`, as interrupted.
@Suite struct KilledRunTests {
    @Test func aKilledRunShowsAsInterrupted() throws {
        let dir = try TemporaryDirectory()
        let scenario = try dir.write("scenario.json", #"{"model": "fake-planner", "answers": [{"content": "{}", "delay_seconds": 30}]}"#)
        let server = try ScriptServer("fake-model-server", [scenario])
        defer { server.stop() }
        let url = server.url

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
