import Foundation
import Testing
@testable import PlanfitKit

@Suite struct SQLiteResultStoreTests {
    @Test func aSavedAnswerComesBackWithEveryField() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        #expect(try store.lookup(key: "k1") == nil)

        let answer = sampleAnswer(key: "k1")
        try store.save(answer)
        var expected = answer
        expected.createdAt = clock.now
        #expect(try store.lookup(key: "k1") == expected)
        #expect(try store.lookup(key: "k2") == nil)
    }

    @Test func savingTheSameKeyReplacesTheAnswer() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        try store.save(sampleAnswer(key: "k", payload: #"{"v":1}"#))
        clock.advance(by: 60)
        var refreshed = sampleAnswer(key: "k", payload: #"{"v":2}"#)
        refreshed.modelDigest = nil
        refreshed.promptTokens = nil
        try store.save(refreshed)

        let stored = try #require(try store.lookup(key: "k"))
        #expect(stored.payload == #"{"v":2}"#)
        #expect(stored.modelDigest == nil)
        #expect(stored.promptTokens == nil)
        #expect(stored.createdAt == clock.now)
        #expect(try store.stats().entries == 1)
    }

    /// A stored report is found by its key and its inputs' key only while the answer it was made from
    /// is the newest for their request and scope.
    @Test func aStoredReportIsCurrentOnlyWhileItsAnswerIsTheNewest() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        var first = sampleAnswer(key: "a1")
        first.requestKey = "request"
        try store.save(first)
        try store.savePreparedRequest(inputKey: "inputs", requestKey: "request", planner: "{}")
        try store.saveStoredReport(reportKey: "report", answerKey: "a1", report: "R1")
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs")! == ("a1", "R1"))
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs", model: "smollm2")! == ("a1", "R1"))
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs", server: "http://127.0.0.1:8080/")! == ("a1", "R1"))
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs", model: "other") == nil)
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs", server: "http://127.0.0.1:9") == nil)
        #expect(try store.currentStoredReport(reportKey: "other", inputKey: "inputs") == nil)
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "other") == nil)

        // A newer answer from another model: the report is stale for any model, still current for its own.
        clock.advance(by: 60)
        var second = sampleAnswer(key: "a2")
        second.requestKey = "request"
        second.model = "other"
        try store.save(second)
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs") == nil)
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs", model: "smollm2")! == ("a1", "R1"))
        try store.saveStoredReport(reportKey: "report", answerKey: "a2", report: "R2")
        #expect(try store.currentStoredReport(reportKey: "report", inputKey: "inputs")! == ("a2", "R2"))
    }

    @Test func theAnswerStaysReadableAcrossConnections() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let stamped = Date(timeIntervalSince1970: 1_796_000_000.125)
        var answer = sampleAnswer(key: "k", payload: "{\"text\":\"line one\\nline two ✓\"}")
        answer.createdAt = stamped
        try SQLiteResultStore(path: path).save(answer)
        #expect(try SQLiteResultStore(path: path).lookup(key: "k") == answer)
    }

    @Test func runsRoundTripAndListNewestFirst() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        var ids: [Int64] = []
        for index in 0..<5 {
            var run = sampleRun(startedAt: clock.now, status: index.isMultiple(of: 2) ? .miss : .hit,
                output: "run \(index)\n  ✓ keeps\ttabs and trailing spaces  \n")
            clock.advance(by: 2)
            if index == 4 {
                run.outcome = .failed
                run.exitCode = 69
                run.error = "cannot reach http://127.0.0.1:8080"
            }
            ids.append(try store.recordRun(run))
        }
        #expect(ids == [1, 2, 3, 4, 5])

        let recent = try store.recentRuns(limit: 3)
        #expect(recent.map(\.id) == [5, 4, 3])
        let last = recent[0]
        #expect(last.outcome == .failed)
        #expect(last.exitCode == 69)
        #expect(last.error == "cannot reach http://127.0.0.1:8080")
        #expect(last.finishedAt == clock.now)
        #expect(last.arguments == ["refine", "plan.md", "--team", "team.yaml"])

        let second = try #require(try store.run(id: 2))
        #expect(second.output == "run 1\n  ✓ keeps\ttabs and trailing spaces  \n")
        #expect(second.cacheStatus == .hit)
        #expect(second.planDigest == "3f2a9c1e0b7d")
        #expect(try store.run(id: 99) == nil)
    }

    @Test func statsCountEntriesRunsHitsAndMisses() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        let empty = try store.stats()
        #expect(empty.entries == 0 && empty.runs == 0 && empty.oldestEntry == nil && empty.newestEntry == nil)

        let first = clock.now
        try store.save(sampleAnswer(key: "a"))
        clock.advance(by: 3600)
        try store.save(sampleAnswer(key: "b"))
        for status in [CacheStatus.miss, .hit, .hit, .bypass, .miss, .hit] {
            _ = try store.recordRun(sampleRun(startedAt: clock.now, status: status))
        }
        let stats = try store.stats()
        #expect(stats.entries == 2)
        #expect(stats.runs == 6)
        #expect(stats.hits == 3)
        #expect(stats.misses == 2)
        #expect(stats.oldestEntry == first)
        #expect(stats.newestEntry == clock.now)
        let size = try FileManager.default.attributesOfItem(atPath: store.path)[.size] as? NSNumber
        #expect(stats.bytesOnDisk >= size?.int64Value ?? .max)
        #expect(stats.bytesOnDisk > 0)
    }

    @Test func pruneRemovesOnlyOlderAnswersAndRuns() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        try store.save(sampleAnswer(key: "old"))
        _ = try store.recordRun(sampleRun(startedAt: clock.now))
        clock.advance(by: 10 * 86_400)
        let cutoff = clock.now
        try store.save(sampleAnswer(key: "new"))
        _ = try store.recordRun(sampleRun(startedAt: clock.now))

        #expect(try store.removeEntries(olderThan: cutoff) == .init(answers: 1, runs: 1))
        #expect(try store.lookup(key: "old") == nil)
        #expect(try store.lookup(key: "new") != nil)
        #expect(try store.recentRuns(limit: 10).map(\.id) == [2])
        #expect(try store.removeEntries(olderThan: cutoff).total == 0)
        #expect(try store.removeEntries(olderThan: cutoff.addingTimeInterval(1)).total == 2)
    }

    @Test func clearEmptiesTheStoreAndNeverReusesRunIDs() throws {
        let folder = try TemporaryDirectory()
        let clock = TestClock()
        let store = try SQLiteResultStore(path: folder.path("cache.sqlite"), clock: clock.function)
        for index in 0..<20 { try store.save(sampleAnswer(key: "k\(index)")) }
        _ = try store.recordRun(sampleRun(startedAt: clock.now))
        _ = try store.recordRun(sampleRun(startedAt: clock.now))
        try store.removeAll()
        let stats = try store.stats()
        #expect(stats.entries == 0 && stats.runs == 0)
        #expect(try store.recordRun(sampleRun(startedAt: clock.now)) == 3)
    }

    @Test func theCacheFileAndItsFolderArePrivate() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("nested/deeper/cache.sqlite")
        let store = try SQLiteResultStore(path: path)
        try store.save(sampleAnswer(key: "k"))
        #expect(try fileMode(path) == 0o600)
        #expect(try fileMode(path + "-wal") == 0o600)
        #expect(try fileMode(path + "-shm") == 0o600)
        #expect(try fileMode(folder.path("nested/deeper")) == 0o700)
    }

    @Test func anExistingCacheKeepsItsSchemaVersion() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        _ = try SQLiteResultStore(path: path)
        let database = try SQLiteDatabase(path: path)
        #expect(try database.userVersion() == SQLiteResultStore.schemaVersion)
        let tables = try database.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0[0].textValue }
        #expect(tables.contains("answers") && tables.contains("runs"))
        _ = try SQLiteResultStore(path: path)
        #expect(try database.userVersion() == SQLiteResultStore.schemaVersion)
    }

    @Test func aHandEditedRowIsReportedByRowAndColumn() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try SQLiteResultStore(path: path)
        try store.save(sampleAnswer(key: "abc"))
        _ = try store.recordRun(sampleRun(startedAt: Date()))
        let editor = try SQLiteDatabase(path: path)
        try editor.run("UPDATE answers SET parameters = '{not json'")
        try editor.run("UPDATE runs SET started_at = 'yesterday'")

        let answerError = try #require(thrownError { _ = try store.lookup(key: "abc") } as? CacheContentError)
        #expect(answerError.column == "parameters")
        #expect(answerError.row == "cached answer abc")
        #expect(answerError.exitStatus == .ioError)
        #expect(answerError.description.contains("planfit cache clear"))

        let runError = try #require(thrownError { _ = try store.recentRuns(limit: 1) } as? CacheContentError)
        #expect(runError.column == "started_at")
        #expect(runError.row == "run 1")
        #expect(runError.reason.contains("`yesterday` is not an ISO-8601 UTC time"))
    }

    @Test func theRunsTableRejectsUnknownStatuses() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        _ = try SQLiteResultStore(path: path)
        let editor = try SQLiteDatabase(path: path)
        let error = try #require(
            thrownError {
                try editor.run(
                    """
                    INSERT INTO runs (started_at, finished_at, command, arguments, cache_status, outcome,
                        exit_code, output) VALUES ('t', 't', 'refine', '[]', 'maybe', 'ok', 0, '')
                    """)
            } as? SQLiteError)
        #expect(error.message.contains("CHECK constraint failed"))
    }
}
