import CSQLite
import Foundation
import Testing
@testable import PlanfitKit

@Suite struct SQLiteDatabaseTests {
    @Test func boundValuesComeBackUnchanged() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.path("values.sqlite"))
        try database.execute("CREATE TABLE t (v)")
        let values: [SQLiteValue] = [
            .null, .integer(Int64.max), .integer(-7), .real(2.5), .text(""), .text("ünïcødé 😀 with\0NUL"),
            .blob(Data()), .blob(Data([0, 1, 2, 255])),
        ]
        for value in values { try database.run("INSERT INTO t (v) VALUES (?)", [value]) }
        let stored = try database.rows("SELECT v FROM t ORDER BY rowid").map { $0[0] }
        #expect(stored == values)
    }

    @Test func rowsAreReadByColumnName() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let row = try #require(try database.rows("SELECT 1 AS one, 'two' AS two").first)
        #expect(row["one"] == .integer(1))
        #expect(row["two"]?.textValue == "two")
        #expect(row["three"] == nil)
    }

    @Test func errorsCarrySQLiteCodeMessageAndStatement() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let error = try #require(thrownError { try database.run("SELEC 1") } as? SQLiteError)
        #expect(error.primaryCode == SQLITE_ERROR)
        #expect(error.message.contains("syntax error"))
        #expect(error.sql == "SELEC 1")
        #expect(error.description.contains("SELEC 1"))

        let mismatch = try #require(thrownError { try database.run("SELECT ?, ?", [1]) } as? SQLiteError)
        #expect(mismatch.primaryCode == SQLITE_RANGE)
        #expect(mismatch.message.contains("takes 2 parameters but 1 were given"))
    }

    @Test func constraintFailuresUseExtendedCodes() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
        try database.run("INSERT INTO t VALUES ('a')")
        let error = try #require(thrownError { try database.run("INSERT INTO t VALUES ('a')") } as? SQLiteError)
        #expect(error.code == SQLITE_CONSTRAINT | (6 << 8))  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error.message.contains("UNIQUE constraint failed"))
    }

    @Test func fileDatabasesUseWriteAheadLogging() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.path("wal.sqlite"), busyTimeout: 7)
        #expect(try database.scalar("PRAGMA journal_mode")?.textValue == "wal")
        #expect(try database.scalar("PRAGMA busy_timeout")?.integerValue == 7000)
    }

    @Test func aThrowingWriteTransactionLeavesNothingBehind() throws {
        struct Abandon: Error {}
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (v INTEGER)")
        #expect(throws: Abandon.self) {
            try database.writeTransaction {
                try database.run("INSERT INTO t VALUES (1)")
                throw Abandon()
            }
        }
        #expect(!database.isInTransaction)
        #expect(try database.scalar("SELECT count(*) FROM t") == .integer(0))

        let inserted = try database.writeTransaction { () -> Int64 in
            try database.run("INSERT INTO t VALUES (2)")
            return database.lastInsertRowID
        }
        #expect(inserted == 1)
        #expect(try database.scalar("SELECT v FROM t") == .integer(2))
    }

    @Test func migrationsRunOnceInOrderFromAnEmptyFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("migrate.sqlite")
        let first = SQLiteMigration(version: 1, sql: "CREATE TABLE a (x); INSERT INTO a VALUES ('v1');")
        let second = SQLiteMigration(version: 2, sql: "INSERT INTO a VALUES ('v2');")
        do {
            let database = try SQLiteDatabase(path: path)
            #expect(try database.userVersion() == 0)
            try database.migrate([first])
            #expect(try database.userVersion() == 1)
        }
        let database = try SQLiteDatabase(path: path)
        try database.migrate([first, second])
        try database.migrate([first, second])
        #expect(try database.userVersion() == 2)
        #expect(try database.rows("SELECT x FROM a ORDER BY rowid").map { $0[0] } == [.text("v1"), .text("v2")])
    }

    @Test func aFailingMigrationLeavesTheVersionUnchanged() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let good = SQLiteMigration(version: 1, sql: "CREATE TABLE a (x)")
        let bad = SQLiteMigration(version: 2, sql: "CREATE TABLE b (y); INSERT INTO missing VALUES (1);")
        #expect(throws: SQLiteError.self) { try database.migrate([good, bad]) }
        #expect(try database.userVersion() == 0)
        #expect(try database.rows("SELECT name FROM sqlite_master").isEmpty)
    }

    @Test func aSchemaNewerThanTheMigrationsIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("newer.sqlite")
        try SQLiteDatabase(path: path).setUserVersion(9)
        let database = try SQLiteDatabase(path: path)
        let error = try #require(
            thrownError { try database.migrate([SQLiteMigration(version: 1, sql: "CREATE TABLE a (x)")]) }
                as? SQLiteSchemaTooNewError)
        #expect(error == SQLiteSchemaTooNewError(path: path, foundVersion: 9, supportedVersion: 1))
        #expect(error.exitStatus == .ioError)
        #expect(error.description.contains("newer planfit (schema version 9"))
        #expect(error.description.contains("upgrade planfit"))
        #expect(try database.userVersion() == 9)
    }

    @Test func aClosedConnectionReportsMisuse() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        database.close()
        database.close()
        let error = try #require(thrownError { try database.execute("SELECT 1") } as? SQLiteError)
        #expect(error.primaryCode == SQLITE_MISUSE)
    }
}
