import Foundation
import Testing
@testable import PlanfitKit

/// Cache files that cannot be used must fail with an error that names the file and the way out, and
/// `SQLiteResultStore.clear(at:)` must be that way out.
@Suite struct CacheFileDamageTests {
    /// A cache with enough rows to span many pages, closed so its WAL is checkpointed into the file.
    private func filledCache(in folder: TemporaryDirectory) throws -> String {
        let path = folder.path("cache.sqlite")
        let store = try SQLiteResultStore(path: path)
        let payload = "{\"plan\":\"" + String(repeating: "x", count: 3000) + "\"}"
        for index in 0..<200 { try store.save(sampleAnswer(key: "key-\(index)", payload: payload)) }
        store.close()
        // The WAL file stays (SQLITE_FCNTL_PERSIST_WAL), empty: everything is in the file the tests damage.
        #expect(SystemIO.fileSize(path + "-wal") == 0)
        return path
    }

    /// The first error using the store raises: open, then a full read of both tables.
    private func errorUsingStore(at path: String) -> Error? {
        thrownError {
            let store = try SQLiteResultStore(path: path)
            _ = try store.stats()
            _ = try store.recentRuns(limit: 1000)
            for index in 0..<200 { _ = try store.lookup(key: "key-\(index)") }
        }
    }

    private func expectDamagedFileError(_ error: Error?, kind: SQLiteError.Kind, path: String) throws {
        let error = try #require(error as? SQLiteError, "expected an SQLiteError, got \(String(describing: error))")
        #expect(error.kind == kind)
        #expect(error.exitStatus == .ioError)
        #expect(error.path == path)
        #expect(error.description.hasPrefix(path))
        #expect(error.description.contains("move it away or run `planfit cache clear`"))
    }

    @Test func aTextFileIsNotADatabase() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        try "# My plan\n- not a cache\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = errorUsingStore(at: path)
        try expectDamagedFileError(error, kind: .notADatabase, path: path)
        #expect((error as? SQLiteError)?.description == "\(path) is not an SQLite database (SQLite error 26: "
            + "file is not a database); move it away or run `planfit cache clear` to start an empty cache")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# My plan\n- not a cache\n")
    }

    @Test func aTruncatedDatabaseIsCorrupt() throws {
        let folder = try TemporaryDirectory()
        let path = try filledCache(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)
        #expect(truncate(path, off_t(size.int64Value / 2)) == 0)
        try expectDamagedFileError(errorUsingStore(at: path), kind: .corrupt, path: path)
    }

    @Test func overwrittenPagesAreCorrupt() throws {
        let folder = try TemporaryDirectory()
        let path = try filledCache(in: folder)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096 * 8))
        try handle.close()
        try expectDamagedFileError(errorUsingStore(at: path), kind: .corrupt, path: path)
    }

    @Test func aDamagedHeaderIsNotADatabase() throws {
        let folder = try TemporaryDirectory()
        let path = try filledCache(in: folder)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data("garbage garbage garbage".utf8))
        try handle.close()
        try expectDamagedFileError(errorUsingStore(at: path), kind: .notADatabase, path: path)
    }

    @Test func aCacheFromANewerPlanfitIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        _ = try SQLiteResultStore(path: path)
        try SQLiteDatabase(path: path).setUserVersion(SQLiteResultStore.schemaVersion + 1)
        let error = try #require(errorUsingStore(at: path) as? SQLiteSchemaTooNewError)
        #expect(error.exitStatus == .ioError)
        #expect(error.description.hasPrefix("\(path) was written by a newer planfit"))
    }

    @Test func clearEmptiesAHealthyCache() throws {
        let folder = try TemporaryDirectory()
        let path = try filledCache(in: folder)
        _ = try SQLiteResultStore(path: path).recordRun(sampleRun(startedAt: Date()))
        #expect(try SQLiteResultStore.clear(at: path) == .emptied(answers: 200, runs: 1))
        #expect(try SQLiteResultStore(path: path).stats().entries == 0)
    }

    @Test func clearRecreatesACorruptCache() throws {
        let folder = try TemporaryDirectory()
        let path = try filledCache(in: folder)
        #expect(truncate(path, 4096 * 3) == 0)
        guard case .recreated(let reason) = try SQLiteResultStore.clear(at: path) else {
            Issue.record("expected the corrupt cache to be recreated")
            return
        }
        #expect(reason.contains("malformed"))
        #expect(errorUsingStore(at: path) == nil)
        #expect(try SQLiteResultStore(path: path).stats().entries == 0)
        #expect(try fileMode(path) == 0o600)
    }

    @Test func clearMovesAFileThatIsNotADatabaseAside() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        try "precious notes\n".write(toFile: path, atomically: true, encoding: .utf8)
        try "older copy\n".write(toFile: path + ".not-a-database", atomically: true, encoding: .utf8)

        let outcome = try SQLiteResultStore.clear(at: path)
        #expect(outcome == .replaced(movedTo: path + ".not-a-database.2", reason: "file is not a database"))
        #expect(try String(contentsOfFile: path + ".not-a-database.2", encoding: .utf8) == "precious notes\n")
        #expect(try String(contentsOfFile: path + ".not-a-database", encoding: .utf8) == "older copy\n")
        #expect(errorUsingStore(at: path) == nil)
    }

    @Test func clearReplacesACacheFromANewerPlanfit() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        _ = try SQLiteResultStore(path: path)
        try SQLiteDatabase(path: path).setUserVersion(99)
        guard case .recreated = try SQLiteResultStore.clear(at: path) else {
            Issue.record("expected the newer cache to be recreated")
            return
        }
        #expect(try SQLiteDatabase(path: path).userVersion() == SQLiteResultStore.schemaVersion)
    }

    @Test func anUnwritableLocationNamesTheFile() throws {
        let folder = try TemporaryDirectory()
        let blocker = folder.path("blocker")
        try "a file, not a folder".write(toFile: blocker, atomically: true, encoding: .utf8)
        let path = blocker + "/cache.sqlite"
        let error = try #require(thrownError { _ = try SQLiteResultStore(path: path) } as? PlanfitError)
        #expect(error.exitStatus == .ioError)
        #expect(error.description.contains(blocker))
    }
}
