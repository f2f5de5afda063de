import CSQLite
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection to one SQLite database file, through the system libsqlite3.
///
/// Opening sets a generous busy timeout and write-ahead logging, so many planfit processes can read
/// and write one cache at once: readers never block the writer, and writers queue for the lock instead
/// of failing with "database is locked". Writers should go through `writeTransaction`, which takes the
/// write lock up front (`BEGIN IMMEDIATE`) and retries the few SQLITE_BUSY cases SQLite reports without
/// waiting.
///
/// One connection may be used from several threads (calls are serialised), but concurrency comes from
/// opening one connection per thread or process, as SQLite intends.
/// `@unchecked Sendable`: every use of the connection and of the mutable state runs under `lock` (recursive:
/// a transaction calls the statement methods it wraps).
public final class SQLiteDatabase: @unchecked Sendable {
    public let path: String
    /// How long to wait for another connection's lock before giving up.
    public let busyTimeout: TimeInterval

    private var handle: OpaquePointer?
    // Recursive because a transaction body calls back into the connection on the same thread.
    private let lock = Lock(recursive: true)

    /// How to open the file.
    public enum Access: Sendable, Equatable {
        /// Read and write, creating the file when missing, in WAL mode.
        case readWrite
        /// Read only (`SQLITE_OPEN_READONLY`), for a file or folder planfit may not write; nothing about
        /// the file is changed, not even its journal mode.
        case readOnly
    }

    /// True when opened with `.readOnly`.
    public let isReadOnly: Bool

    /// Opens (creating when missing) the database at `path` and switches it to WAL mode.
    ///
    /// `beforeWriting` runs after SQLite has read the file's header and before planfit changes anything
    /// in it (the journal mode is the first change): the place to refuse a database planfit must not
    /// write into.
    ///
    /// Throws `SQLiteError` naming the file when it cannot be opened, is not a database or is corrupt.
    public init(path: String, busyTimeout: TimeInterval = 10, access: Access = .readWrite,
                beforeWriting: (SQLiteDatabase) throws -> Void = { _ in }) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        isReadOnly = access == .readOnly
        var connection: OpaquePointer?
        let flags = (isReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX
        var status = sqlite3_open_v2(path, &connection, flags, nil)
        if isReadOnly, status == SQLITE_OK, let opened = connection,
           sqlite3_exec(opened, "SELECT count(*) FROM sqlite_master", nil, nil, nil) != SQLITE_OK {
            // A WAL database in a folder planfit may not write: SQLite cannot create the -shm file a
            // reader needs. Nobody can write the file there either (no -wal can be created), so reading
            // it as immutable is safe.
            sqlite3_close_v2(opened)
            connection = nil
            var components = URLComponents()
            components.scheme = "file"
            components.path = path
            components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
            status = sqlite3_open_v2(components.string ?? path, &connection, flags | SQLITE_OPEN_URI, nil)
        }
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(connection)
            throw SQLiteError(path: path, code: status, message: message)
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(min(busyTimeout * 1000, Double(Int32.max))))
        do {
            // Reading the header here surfaces "not a database" at open, not at some later query.
            _ = try rows("SELECT count(*) FROM sqlite_master")
            try beforeWriting(self)
            if !isReadOnly {
                try retryingWhileBusy { try execute("PRAGMA journal_mode=WAL") }
                // Keep the -wal and -shm files when the last connection closes (still folding the WAL into
                // the file first, so the file alone stays complete): recreating them cost every run that
                // opens the cache two file creations, the shared-memory file's initial writes and two
                // unlinks, and a writer a sync of the folder for the new WAL.
                var persist: Int32 = 1
                _ = sqlite3_file_control(connection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
                try execute("PRAGMA synchronous=NORMAL")
                // With the WAL kept, cut it to nothing once it is folded in: a WAL left at its size would be
                // read and checked whole by the next process that opens the cache.
                try execute("PRAGMA journal_size_limit=0")
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the connection; later calls fail with SQLITE_MISUSE. Safe to call twice.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    // MARK: Statements

    /// Compiles one SQL statement. Extra SQL after the first statement is an error.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try withConnection { connection in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let status = sql.withCString { sqlite3_prepare_v2(connection, $0, -1, &statement, &tail) }
            guard status == SQLITE_OK, let statement else {
                throw error(status, sql: sql)
            }
            return SQLiteStatement(database: self, handle: statement, sql: sql)
        }
    }

    /// Runs SQL text that may hold several statements and takes no parameters (schema scripts, pragmas).
    public func execute(_ sql: String) throws {
        try withConnection { connection in
            let status = sqlite3_exec(connection, sql, nil, nil, nil)
            guard status == SQLITE_OK else { throw error(status, sql: sql) }
        }
    }

    /// Runs one statement with bound parameters to completion; returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        try withConnection { connection in
            let statement = try prepare(sql)
            try statement.bind(values)
            while try statement.step() {}
            return Int(sqlite3_changes(connection))
        }
    }

    /// Runs one query with bound parameters and returns every row.
    public func rows(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try withConnection { _ in
            let statement = try prepare(sql)
            try statement.bind(values)
            var result: [SQLiteRow] = []
            while try statement.step() { result.append(statement.row()) }
            return result
        }
    }

    /// The first column of the first row, or nil when the query returns no rows.
    public func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws -> SQLiteValue? {
        try rows(sql, values).first?.values.first
    }

    /// The rowid of the last row inserted through this connection.
    public var lastInsertRowID: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    // MARK: Transactions

    /// Runs `body` in a transaction that holds the write lock from the start (`BEGIN IMMEDIATE`), so it
    /// can never fail half-way with SQLITE_BUSY; commits when `body` returns and rolls back when it throws.
    /// Inside another transaction, `body` simply joins it.
    @discardableResult
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in a deferred transaction: its reads see one consistent snapshot of the database.
    @discardableResult
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN DEFERRED", body)
    }

    public var isInTransaction: Bool {
        lock.lock()
        defer { lock.unlock() }
        return handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    private func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if isInTransaction { return try body() }
        try retryingWhileBusy { try execute(begin) }
        do {
            let result = try body()
            try retryingWhileBusy { try execute("COMMIT") }
            return result
        } catch {
            // SQLite rolls some failures back by itself; a second ROLLBACK would fail and hide `error`.
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// SQLite answers SQLITE_BUSY without calling the busy handler when waiting could deadlock or
    /// while another connection recovers the WAL index; those clear up quickly, so retry them with a
    /// short randomised pause until the busy timeout has passed.
    func retryingWhileBusy<T>(_ operation: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        var pauseMicroseconds: UInt32 = 1_000
        while true {
            do {
                return try operation()
            } catch let error as SQLiteError where error.kind == .busy && Date() < deadline {
                usleep(pauseMicroseconds + UInt32.random(in: 0...pauseMicroseconds))
                pauseMicroseconds = min(pauseMicroseconds * 2, 50_000)
            }
        }
    }

    // MARK: Schema version

    /// `PRAGMA user_version`: the schema version the file's writer recorded (0 for a new file).
    public func userVersion() throws -> Int {
        Int(try scalar("PRAGMA user_version")?.integerValue ?? 0)
    }

    public func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// Brings the schema up to the last migration's version, applying each newer migration in order in
    /// one write transaction, so concurrent processes opening a new file migrate it exactly once.
    ///
    /// Throws `SQLiteSchemaTooNewError` when the file's version is above every migration: a newer planfit
    /// wrote it and this one cannot safely read it.
    public func migrate(_ migrations: [SQLiteMigration]) throws {
        precondition(
            zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version }
                && (migrations.first?.version ?? 1) > 0,
            "migrations must have increasing versions above 0")
        let latest = migrations.last?.version ?? 0
        func checkNotNewer(_ found: Int) throws {
            if found > latest {
                throw SQLiteSchemaTooNewError(path: path, foundVersion: found, supportedVersion: latest)
            }
        }
        let found = try userVersion()
        try checkNotNewer(found)
        guard found < latest else { return }
        try writeTransaction {
            // Another process may have migrated between the read above and taking the write lock.
            let current = try userVersion()
            try checkNotNewer(current)
            for migration in migrations where migration.version > current {
                try migration.apply(self)
                try setUserVersion(migration.version)
            }
        }
    }

    // MARK: Internals

    func withConnection<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else {
            throw SQLiteError(path: path, code: SQLITE_MISUSE, message: "the database connection is closed")
        }
        return try body(handle)
    }

    /// The error for a failed call, with SQLite's extended code and message for this connection.
    func error(_ status: Int32, sql: String?) -> SQLiteError {
        guard let handle else {
            return SQLiteError(path: path, code: status, message: String(cString: sqlite3_errstr(status)), sql: sql)
        }
        let extended = sqlite3_extended_errcode(handle)
        // The connection's last error can belong to a later call; trust it only when it matches.
        let code = (extended & 0xff) == (status & 0xff) ? extended : status
        let message = (extended & 0xff) == (status & 0xff)
            ? String(cString: sqlite3_errmsg(handle)) : String(cString: sqlite3_errstr(status))
        return SQLiteError(path: path, code: code, message: message, sql: sql)
    }

    func synchronized<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// One step of a schema's history: the change that takes `user_version` from the previous version to
/// `version`.
public struct SQLiteMigration: Sendable {
    public var version: Int
    public var apply: @Sendable (SQLiteDatabase) throws -> Void

    public init(version: Int, apply: @escaping @Sendable (SQLiteDatabase) throws -> Void) {
        self.version = version
        self.apply = apply
    }

    /// A migration that runs an SQL script.
    public init(version: Int, sql: String) {
        self.init(version: version) { try $0.execute(sql) }
    }
}
