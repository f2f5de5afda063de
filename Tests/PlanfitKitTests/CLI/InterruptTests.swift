import Foundation
import Testing

/// Ctrl-C during a request: the transfer stops, planfit exits 130, nothing is cached, and the run is in
/// the history as cancelled. The server is scripts/fake-model-server, told to wait before answering.
@Suite struct InterruptTests {
    @Test func ctrlCWhileWaitingForTheModelStoresNoAnswer() throws {
        let dir = try TemporaryDirectory()
        let scenario = try dir.write("scenario.json", #"{"model": "fake-planner", "answers": [{"content": "{}", "delay_seconds": 30}]}"#)
        let server = try ScriptServer("fake-model-server", [scenario])
        defer { server.stop() }
        let url = server.url

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
        // Interrupt once planfit says it is waiting for the model, not after a guessed delay.
        var message = ""
        while !message.contains("planfit: asking"), Date().timeIntervalSince(started) < 10 {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            message += String(decoding: chunk, as: UTF8.self)
        }
        #expect(message.contains("planfit: asking"), "\(message)")
        kill(refine.processIdentifier, SIGINT)
        refine.waitUntilExit()
        message += String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(refine.terminationStatus == 130, "\(message)")
        // Not a speed bound: the server holds its answer 30 s, so a run that waited it out takes longer.
        #expect(Date().timeIntervalSince(started) < 30, "the request was cancelled, not waited out")
        #expect(message.contains("interrupted"))
        let stats = try CLI.run(["cache", "stats", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
        #expect(json["entries"] as? Int == 0, "a cancelled run stores no answer")
        let history = try CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache])
        #expect(history.stdout.contains("\"cancelled\""), "\(history.stdout)")
    }
}
