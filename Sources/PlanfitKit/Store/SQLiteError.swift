import CSQLite

/// A failure reported by SQLite, carrying SQLite's own result code and message, the database file and,
/// when one was running, the statement.
///
/// The message tells the user what to do: a cache file that is not a database or is corrupt can simply
/// be moved away or recreated with `planfit cache clear`, because it only holds cached answers and
/// run history.
public struct SQLiteError: PlanfitError, Equatable {
    public enum Kind: Equatable, Sendable {
        /// The file exists but is not an SQLite database (SQLITE_NOTADB).
        case notADatabase
        /// The database is damaged (SQLITE_CORRUPT), e.g. truncated or overwritten.
        case corrupt
        /// Another connection held a lock for longer than the busy timeout (SQLITE_BUSY/SQLITE_LOCKED).
        case busy
        /// The file could not be opened or created (SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY).
        case cannotOpen
        /// The disk is full (SQLITE_FULL).
        case diskFull
        /// Any other SQLite failure: a programming error, a constraint, an I/O error.
        case other
    }

    /// The database file (":memory:" for an in-memory database).
    public var path: String
    /// SQLite's extended result code, e.g. 26 (SQLITE_NOTADB) or 267 (SQLITE_CORRUPT_VTAB).
    public var code: Int32
    /// SQLite's message for this failure (`sqlite3_errmsg`).
    public var message: String
    /// The SQL that was running, when the failure came from a statement.
    public var sql: String?
    /// The command the message recommends for a damaged file; a caller that opened the file through
    /// `--cache PATH` sets the form that names it (see `CacheLocation.clearCommand`).
    public var clearCommand = CacheLocation.defaultClearCommand

    public init(path: String, code: Int32, message: String, sql: String? = nil) {
        self.path = path
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// SQLite's primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xff }

    public var kind: Kind {
        switch primaryCode {
        case SQLITE_NOTADB: return .notADatabase
        case SQLITE_CORRUPT: return .corrupt
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY: return .cannotOpen
        case SQLITE_FULL: return .diskFull
        default: return .other
        }
    }

    /// The file cannot be used as it is; the remedy is to replace it.
    public var isDamagedFile: Bool { kind == .notADatabase || kind == .corrupt }

    public var exitStatus: ExitStatus {
        kind == .busy ? .temporaryFailure : .ioError
    }

    public var description: String {
        let sqlite = "SQLite error \(code): \(message)"
        let replace = "move it away or run `\(clearCommand)` to start an empty cache"
        switch kind {
        case .notADatabase:
            return "\(path) is not an SQLite database (\(sqlite)); \(replace)"
        case .corrupt:
            return "\(path) is corrupt (\(sqlite)); \(replace)"
        case .busy:
            return "\(path) stayed locked by another planfit process (\(sqlite)); try again"
        case .cannotOpen:
            return "cannot open \(path) for reading and writing (\(sqlite)); check that its folder exists "
                + "and that you may write to the file, or choose another cache with --cache PATH or PLANFIT_CACHE"
        case .diskFull:
            return "\(path): the disk is full (\(sqlite)); free some space, e.g. with `planfit cache prune --older-than 30d`"
        case .other:
            let statement = sql.map { " while running `\($0)`" } ?? ""
            return "\(path): \(sqlite)\(statement)"
        }
    }
}

/// The database was written by a newer planfit: its schema version is higher than this binary knows, so
/// reading or migrating it could lose data.
public struct SQLiteSchemaTooNewError: PlanfitError, Equatable {
    public var path: String
    public var foundVersion: Int
    public var supportedVersion: Int
    public var clearCommand = CacheLocation.defaultClearCommand

    public init(path: String, foundVersion: Int, supportedVersion: Int) {
        self.path = path
        self.foundVersion = foundVersion
        self.supportedVersion = supportedVersion
    }

    public var exitStatus: ExitStatus { .ioError }

    public var description: String {
        "\(path) was written by a newer planfit (schema version \(foundVersion); this planfit reads up to "
            + "version \(supportedVersion)); upgrade planfit, or use another cache file with --cache PATH or "
            + "PLANFIT_CACHE (`\(clearCommand)` empties this one)"
    }
}
