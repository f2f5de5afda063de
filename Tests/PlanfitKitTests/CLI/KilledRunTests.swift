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
        let refine = try CLI.start(["refine", CLI.fixture("plans/small-launch.md"), "--team", CLI.fixture("teams/payments.yaml"),
                                    "--server", url], cache: cache)
        let history = try CLI.expectListedAsRunningThenInterrupted(refine, cache: cache)
        #expect(history.status == 0)
    }
}
