import Foundation
import Testing
@testable import PlanfitKit

@Suite struct StoreReportTests {
    private let start = Date(timeIntervalSince1970: 1_796_000_000)

    /// The columns issue 10 asks for: time, command, verdict, exit, duration, cache, model, team, plan (relative
    /// to the current folder when inside it); a failed run shows how it ended instead of a verdict.
    @Test func historyTextIsAnAlignedTable() {
        var first = sampleRun(startedAt: start, status: .miss)
        first.id = 9
        first.finishedAt = start.addingTimeInterval(2.3)
        first.planPath = "/work/plans/q1.md"
        first.teamPath = "teams/payments.yaml"
        first.model = "smollm2"
        first.verdict = "fixed"
        var second = sampleRun(startedAt: start.addingTimeInterval(65), status: .hit)
        second.id = 10
        second.finishedAt = start.addingTimeInterval(65 + 185)
        second.command = "propose"
        second.planDigest = nil
        second.outcome = .failed
        second.exitCode = 69
        second.planPath = "/elsewhere/plan.md"
        #expect(
            RunHistoryReport.text([second, first], currentDirectory: "/work") == """
                ID  STARTED (UTC)        COMMAND  VERDICT  EXIT   TIME  CACHE  MODEL    TEAM                 PLAN
                10  2026-11-30 00:54:25  propose  failed     69  3m05s  hit    -        -                    /elsewhere/plan.md
                 9  2026-11-30 00:53:20  refine   fixed       0   2.3s  miss   smollm2  teams/payments.yaml  plans/q1.md

                """)
        #expect(RunHistoryReport.text([]) == "No runs recorded yet.\n")
        #expect(RunHistoryReport.displayDuration(42) == "42s")
        #expect(RunHistoryReport.displayDuration(3_720) == "1h02m")
    }

    @Test func aPlanPathIsStoredAbsoluteSoAnyFolderFindsIt() {
        #expect(RunRecord.storedPlanPath("plans/../q1.md", currentDirectory: "/work") == "/work/q1.md")
        #expect(RunRecord.storedPlanPath("/a/./b.md", currentDirectory: "/work") == "/a/b.md")
        #expect(RunRecord.storedPlanPath("-", currentDirectory: "/work") == "-")
    }

    /// The shortcut that spares `URL` for plain paths gives what `URL` gives, and is taken for the
    /// usual ones.
    @Test func plainPlanPathsAreStoredAsURLWouldStoreThem() {
        func viaURL(_ path: String, _ directory: String) -> String {
            URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
        }
        #expect(RunRecord.plainAbsolutePath("plans/q1.md", currentDirectory: "/work/team a") == "/work/team a/plans/q1.md")
        #expect(RunRecord.plainAbsolutePath("/srv/plans/Q1-draft_2,v=3@x+y.md", currentDirectory: "/work") == "/srv/plans/Q1-draft_2,v=3@x+y.md")
        #expect(RunRecord.plainAbsolutePath(".plan", currentDirectory: "/work") == "/work/.plan")
        for (path, directory) in [("./q1.md", "/work"), ("plans/../q1.md", "/work"), ("q1.md/", "/work"), ("a//b.md", "/work"),
                                  ("/a/./b.md", "/work"), ("q1.md", "/"), ("q1.md", "/work/"), ("q1.md", "/work/../x"), ("~/q1.md", "/work"),
                                  ("pläne.md", "/work"), ("q%201.md", "/work"), ("q1.md", ""), ("", "/work"), ("..", "/work")] {
            #expect(RunRecord.plainAbsolutePath(path, currentDirectory: directory) == nil, "\(path) in \(directory)")
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "7", ".", "..", "/", "//", " ", "-", "_", "+", ",", "=", "@", "~", "%", "%20", "é", ":", "?", "#", "plan.md"]
        for _ in 0..<3000 {
            func randomPath(absolute: Bool) -> String {
                (absolute ? "/" : "") + (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            let directory = randomPath(absolute: true)
            let path = randomPath(absolute: Bool.random(using: &generator))
            if path == "-" { continue }
            if let plain = RunRecord.plainAbsolutePath(path, currentDirectory: directory) {
                #expect(plain == viaURL(path, directory), "\(path) in \(directory)")
            }
            #expect(RunRecord.storedPlanPath(path, currentDirectory: directory) == viaURL(path, directory), "\(path) in \(directory)")
        }
    }

    @Test func historyJSONListsEveryFieldButTheOutput() throws {
        var run = sampleRun(startedAt: start, status: .refresh, output: "not in the listing")
        run.id = 3
        run.finishedAt = start.addingTimeInterval(1.5)
        let value = try JSONValue.parse(RunHistoryReport.json([run]))
        #expect(value["format_version"] == 1)
        let object = try #require(value["runs"]?.arrayValue?.first)
        #expect(object["id"] == 3)
        #expect(object["started_at"] == "2026-11-30T00:53:20.000Z")
        #expect(object["finished_at"] == "2026-11-30T00:53:21.500Z")
        #expect(object["cache_status"] == "refresh")
        #expect(object["arguments"] == ["refine", "plan.md", "--team", "team.yaml"])
        #expect(object["error"] == .null)
        #expect(object["output"] == nil)
        #expect(object["duration_seconds"] == 1.5)
        #expect(object["plan_path"] == .null && object["model"] == .null && object["verdict"] == .null)
    }

    @Test func statsTextNamesPathSizeAndCounts() {
        let stats = CacheStats(
            entries: 2, runs: 5, hits: 1, misses: 3, bytesOnDisk: 12_800, oldestEntry: start,
            newestEntry: start.addingTimeInterval(3_600))
        #expect(
            CacheStatsReport.text(stats, path: "/c/planfit.sqlite") == """
                path     /c/planfit.sqlite
                size     12.5 KiB (12800 bytes)
                answers  2 (oldest 2026-11-30 00:53:20 UTC, newest 2026-11-30 01:53:20 UTC)
                runs     5 (1 cache hit, 3 misses)

                """)
        #expect(CacheStatsReport.byteCount(1) == "1 byte")
        #expect(CacheStatsReport.byteCount(3 * 1024 * 1024) == "3.0 MiB (3145728 bytes)")
    }

    @Test func statsJSONIsMachineReadable() throws {
        let stats = CacheStats(entries: 0, runs: 0, hits: 0, misses: 0, bytesOnDisk: 4096)
        let value = try JSONValue.parse(CacheStatsReport.json(stats, path: "/c"))
        #expect(value["bytes_on_disk"] == 4096)
        #expect(value["oldest_entry"] == .null)
        #expect(value["path"] == "/c")
    }
}
