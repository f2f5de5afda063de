import Foundation
import Testing
@testable import PlanfitKit

/// Issue 9 item 6: planfit writes only into caches it made, keeps them private, reads a read-only one,
/// and writes a run's history row when the run starts.
@Suite struct CacheSafetyTests {
    /// Another program's database, in rollback-journal mode and mode 0644, as such files usually are.
    func foreignDatabase(_ path: String, applicationID: Int32 = 0, table: String? = "contacts") throws {
        let database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=DELETE")
        if let table { try database.execute("CREATE TABLE \(table) (name TEXT); INSERT INTO \(table) VALUES ('ana')") }
        try database.execute("PRAGMA application_id = \(applicationID)")
        database.close()
        chmod(path, 0o644)
    }

    @Test func aSymlinkToAnotherProgramsDatabaseIsRefusedUntouched() throws {
        let folder = try TemporaryDirectory()
        let other = folder.path("addressbook.db"), link = folder.path("planfit.sqlite")
        try foreignDatabase(other)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: other)
        let before = try Data(contentsOf: URL(fileURLWithPath: other))

        let error = thrownError { _ = try SQLiteResultStore(path: link) }
        let foreign = try #require(error as? ForeignDatabaseError)
        #expect(foreign.exitStatus == .ioError)
        #expect(foreign.description.hasPrefix("\(link), a symlink to \(other), is an SQLite database that planfit did not create "
            + "(it has tables planfit never creates (contacts))"))
        #expect(foreign.description.hasSuffix("Use --cache PATH or PLANFIT_CACHE to use another file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before, "not a byte changed")
        #expect(try fileMode(other) == 0o644, "its mode is the other program's business")
        #expect(!FileManager.default.fileExists(atPath: other + "-wal"), "not switched to WAL")
    }

    @Test func aDatabaseWithAnotherApplicationIDIsRefusedEvenWhenEmpty() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        try foreignDatabase(path, applicationID: 0x4750_4B47, table: nil)
        let error = thrownError { _ = try SQLiteResultStore(path: path) }
        #expect((error as? ForeignDatabaseError)?.reason == "its application_id is 0x47504B47, not planfit's 0x504C4654")
    }

    @Test func newCachesAreStampedAndOlderPlanfitCachesAdopted() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        var store: SQLiteResultStore? = try SQLiteResultStore(path: path)
        _ = try store!.recordRun(sampleRun(startedAt: Date()))
        store!.close()
        store = nil
        #expect(try SQLiteDatabase(path: path).scalar("PRAGMA application_id")?.integerValue == 0x504C_4654)

        // What a planfit from before the application id left: id 0, planfit's tables.
        try SQLiteDatabase(path: path).execute("PRAGMA application_id = 0")
        let adopted = try SQLiteResultStore(path: path)
        #expect(try adopted.recentRuns(limit: 5).count == 1)
        adopted.close()
        #expect(try SQLiteDatabase(path: path).scalar("PRAGMA application_id")?.integerValue == 0x504C_4654)
    }

    @Test func anExistingCacheReadableByOthersIsMadePrivate() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        try SQLiteResultStore(path: path).close()
        chmod(path, 0o644)
        let store = try SQLiteResultStore(path: path)
        #expect(try fileMode(path) == 0o600)
        #expect(store.openingWarnings.isEmpty)
    }

    @Test func aReadOnlyCacheAnswersHitsHistoryAndStatsAndSkipsWrites() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let writer = try SQLiteResultStore(path: path)
        try writer.save(sampleAnswer(key: "k1"))
        _ = try writer.recordRun(sampleRun(startedAt: Date()))
        writer.close()

        let reader = try SQLiteResultStore(path: path, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try reader.lookup(key: "k1")?.key == "k1")
        #expect(try reader.recentRuns(limit: 5).count == 1)
        #expect(try reader.stats().entries == 1)
        let warnings = Collected<String>()
        reader.onWarning = { warnings.append($0) }
        try reader.save(sampleAnswer(key: "k2"))
        #expect(warnings.all == ["the cache \(path) is read-only: this answer is not stored (make it and its folder writable, "
            + "or choose another cache with --cache PATH)"])
        #expect(try reader.lookup(key: "k2") == nil)
        #expect(thrownError { _ = try reader.recordRun(sampleRun(startedAt: Date())) } != nil, "the connection cannot write")
    }

    @Test func aRunIsRecordedWhenItStartsAndShownInterruptedWhenItsProcessIsGone() throws {
        let folder = try TemporaryDirectory()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"))
        let live = try store.startRun(RunRecord(startedAt: Date(), command: "refine", arguments: ["refine", "p.md"], outcome: .running))
        #expect(try store.run(id: live)?.outcome == .running, "this process is alive")

        // A process that has exited: its run was killed before it could complete its row.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let killed = try store.startRun(RunRecord(startedAt: Date(), command: "refine", outcome: .running,
                                                  processID: gone.processIdentifier))
        #expect(try store.run(id: killed)?.outcome == .interrupted)
        let history = RunHistoryReport.text(try store.recentRuns(limit: 5))
        #expect(history.contains("  refine   interrupted     -     -  none   -      -     -\n"), "\(history)")

        var finished = sampleRun(startedAt: Date())
        finished.outcome = .failed
        finished.exitCode = 69
        finished.error = "no model server"
        try store.completeRun(id: live, finished)
        let completed = try #require(try store.run(id: live))
        #expect(completed.outcome == .failed)
        #expect(completed.error == "no model server")
        #expect(completed.processID == nil)
        #expect(try store.recentRuns(limit: 10).count == 2, "completed in place, not added")
    }

    @Test func migrationFourKeepsRunIDsAndTheirCounter() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let old = try SQLiteDatabase(path: path)
        try old.migrate(Array(CacheSchema.migrations.prefix(3)))
        for index in 1...3 {
            try old.run("""
                INSERT INTO runs (started_at, finished_at, command, arguments, cache_status, outcome, exit_code, output)
                VALUES ('2026-11-0\(index)T00:00:00.000Z', '2026-11-0\(index)T00:00:01.000Z', 'refine', '[]', 'none', 'ok', 0, 'out \(index)')
                """)
        }
        try old.run("DELETE FROM runs WHERE id = 3")
        old.close()

        let store = try SQLiteResultStore(path: path)
        #expect(try store.recentRuns(limit: 10).map(\.id) == [2, 1])
        #expect(try store.run(id: 2)?.output == "out 2")
        #expect(try store.startRun(RunRecord(startedAt: Date(), command: "refine", outcome: .running)) == 4,
                "id 3 was used once and is never reused")
    }
}
