import Foundation
import Testing

/// Ctrl-C during a request: the transfer stops, planfit exits 130, nothing is cached, and the run is in
/// the history as cancelled. The server is scripts/fake-model-server, told to wait before answering.
@Suite struct InterruptTests {
    @Test func ctrlCWhileWaitingForTheModelStoresNoAnswer() throws {
        let dir = try TemporaryDirectory()
        let port = 18_000 + Int.random(in: 0..<2000)
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
        let plan = CLI.fixture("plans/small-launch.md"), team = CLI.fixture("teams/payments.yaml")
        let refine = Process()
        refine.executableURL = CLI.executable
        refine.arguments = ["refine", plan, "--team", team, "--server", url]
        refine.environment = ProcessInfo.processInfo.environment.merging(["PLANFIT_CACHE": cache, "NO_COLOR": "1"]) { $1 }
        let stderr = Pipe()
        refine.standardError = stderr
        refine.standardOutput = FileHandle.nullDevice
        let started = Date()
        try refine.run()
        Thread.sleep(forTimeInterval: 2)
        kill(refine.processIdentifier, SIGINT)
        refine.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(refine.terminationStatus == 130, "\(message)")
        #expect(Date().timeIntervalSince(started) < 15, "the request was cancelled, not waited out")
        #expect(message.contains("interrupted"))
        let stats = try CLI.run(["cache", "stats", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
        #expect(json["entries"] as? Int == 0, "a cancelled run stores no answer")
        let history = try CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        #expect(history.stdout.contains("\"cancelled\""), "\(history.stdout)")
    }
}
