import Foundation
import Testing

/// Issue 9 item 6: a cache planfit may not write (here: a 0644 file in a 0755 folder owned by root, read
/// as the user nobody) still answers a cache hit, `history` and `cache stats`, and is left unchanged.
/// Needs root to switch users, so it runs where the tests run as root with setpriv at hand.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                "needs root and /usr/bin/setpriv to run planfit as another user"))
struct ReadOnlyCacheTests {
    func runAsNobody(_ arguments: [String], cache: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.executable.path] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "NO_COLOR": "1", "PLANFIT_CACHE": cache]
        process.currentDirectoryURL = CLI.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func hitsHistoryAndStatsWorkFromAReadOnlyCache() throws {
        let dir = try TemporaryDirectory()
        chmod(dir.url.path, 0o755)
        let cache = dir.path("cache.sqlite")
        let filled = try CraftedReplay.run(CraftedReplay.arguments("refine-grounded"), cache: cache)
        try #require(filled.status == 0, "\(filled.stderr)")
        chmod(cache, 0o644)  // readable by nobody, writable only by root
        let before = try Data(contentsOf: URL(fileURLWithPath: cache))
        let walBefore = try Data(contentsOf: URL(fileURLWithPath: cache + "-wal"))

        let hit = try runAsNobody(["refine", CraftedReplay.plan, "--team", CraftedReplay.team, "--offline"], cache: cache)
        #expect(hit.status == 0, "\(hit.stderr)")
        #expect(hit.stdout == filled.stdout, "the same bytes as the run that filled the cache")
        #expect(hit.stderr.contains("is read-only: this run is not recorded in the history"), "\(hit.stderr)")

        let history = try runAsNobody(["history"], cache: cache)
        #expect(history.status == 0, "\(history.stderr)")
        let row = history.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(row.contains(" refine ") && row.contains(" miss "), "\(history.stdout)")
        let stats = try runAsNobody(["cache", "stats"], cache: cache)
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("answers  1"), "\(stats.stdout)")

        #expect(try Data(contentsOf: URL(fileURLWithPath: cache)) == before, "the read-only cache was not changed")
        #expect(walBefore.isEmpty, "the writer folded its WAL into the file")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cache + "-wal")) == walBefore)
    }
}
