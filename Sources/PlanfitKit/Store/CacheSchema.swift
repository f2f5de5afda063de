#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The cache file's schema, one migration per `user_version`. Documented for `sqlite3` users in
/// docs/cache-schema.md; change both together, and only ever by appending a migration.
enum CacheSchema {
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            version: 1,
            sql: """
                CREATE TABLE answers (
                    key TEXT PRIMARY KEY NOT NULL,
                    command TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    model TEXT NOT NULL,
                    model_digest TEXT,
                    server TEXT NOT NULL,
                    server_version TEXT,
                    api TEXT NOT NULL,
                    parameters TEXT NOT NULL,
                    prompt_tokens INTEGER,
                    completion_tokens INTEGER,
                    timings TEXT NOT NULL,
                    repair_rounds INTEGER NOT NULL DEFAULT 0,
                    findings_before TEXT NOT NULL,
                    findings_after TEXT NOT NULL,
                    payload TEXT NOT NULL
                );
                CREATE INDEX answers_by_created_at ON answers(created_at);
                -- AUTOINCREMENT: a run id is never reused after prune or clear, so `planfit show N`
                -- never shows a different run than the one history once listed as N.
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL,
                    command TEXT NOT NULL,
                    arguments TEXT NOT NULL,
                    plan_digest TEXT,
                    profile_digest TEXT,
                    cache_key TEXT,
                    cache_status TEXT NOT NULL
                        CHECK (cache_status IN ('hit', 'miss', 'bypass', 'refresh', 'none')),
                    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'cancelled')),
                    exit_code INTEGER NOT NULL,
                    error TEXT,
                    output TEXT NOT NULL
                );
                CREATE INDEX runs_by_started_at ON runs(started_at);
                """),
        // The request part of the key (everything but the server's identity), so `--offline` can find
        // an answer without asking a server which model it runs.
        SQLiteMigration(
            version: 2,
            sql: """
                ALTER TABLE answers ADD COLUMN request_key TEXT;
                CREATE INDEX answers_by_request_key ON answers(request_key, created_at);
                """),
        // What `planfit apply RUN` rebuilds a plan from: the original, the shown plan, its listed changes
        // and the team profile, as JSON (`StoredAdaptation`).
        SQLiteMigration(
            version: 3,
            sql: """
                ALTER TABLE runs ADD COLUMN adaptation TEXT;
                """),
        // A run's row is written when it starts (outcome 'running', with the process id) and completed
        // when it ends, so a killed run still has its line: `history` shows it as interrupted. SQLite
        // cannot change a CHECK constraint in place, so the table is rebuilt; ids and the AUTOINCREMENT
        // counter are kept, so no run id is ever reused.
        SQLiteMigration(version: 4) { database in
            let sequence = try database.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'runs'")?.integerValue ?? 0
            try database.execute("""
                CREATE TABLE runs_v4 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL,
                    command TEXT NOT NULL,
                    arguments TEXT NOT NULL,
                    plan_digest TEXT,
                    profile_digest TEXT,
                    cache_key TEXT,
                    cache_status TEXT NOT NULL
                        CHECK (cache_status IN ('hit', 'miss', 'bypass', 'refresh', 'none')),
                    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'cancelled', 'running')),
                    exit_code INTEGER NOT NULL,
                    error TEXT,
                    output TEXT NOT NULL,
                    adaptation TEXT,
                    pid INTEGER
                );
                INSERT INTO runs_v4 (id, started_at, finished_at, command, arguments, plan_digest, profile_digest,
                    cache_key, cache_status, outcome, exit_code, error, output, adaptation)
                SELECT id, started_at, finished_at, command, arguments, plan_digest, profile_digest,
                    cache_key, cache_status, outcome, exit_code, error, output, adaptation FROM runs;
                DROP TABLE runs;
                ALTER TABLE runs_v4 RENAME TO runs;
                CREATE INDEX runs_by_started_at ON runs(started_at);
                """)
            try database.run("DELETE FROM sqlite_sequence WHERE name = 'runs'")
            try database.run("INSERT INTO sqlite_sequence (name, seq) VALUES ('runs', max(?, (SELECT coalesce(max(id), 0) FROM runs)))",
                             [.integer(sequence)])
        },
        // What `history` lists beside the command: the plan's path (absolute, so `history --plan PATH` finds
        // it from any folder; `-` for standard input), the team profile's path as given, the model that
        // answered, and the verdict of the plan shown. Older rows keep NULL there.
        SQLiteMigration(
            version: 5,
            sql: """
                ALTER TABLE runs ADD COLUMN plan_path TEXT;
                ALTER TABLE runs ADD COLUMN team_path TEXT;
                ALTER TABLE runs ADD COLUMN model TEXT;
                ALTER TABLE runs ADD COLUMN verdict TEXT;
                CREATE INDEX runs_by_plan_path ON runs(plan_path, id);
                """),
        // What a cache hit needs besides the answer, keyed by the run's inputs: the request key the inputs
        // gave and the planner's result for them. A repeat of a cached run then finds its answer without
        // running the planner or rendering the prompt again (issue 11: a hit within 2x of a sqlite3 read).
        SQLiteMigration(
            version: 6,
            sql: """
                CREATE TABLE prepared_requests (
                    input_key TEXT PRIMARY KEY,
                    request_key TEXT NOT NULL,
                    planner TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX prepared_requests_by_created_at ON prepared_requests(created_at);
                CREATE TABLE stored_reports (
                    report_key TEXT PRIMARY KEY,
                    answer_key TEXT NOT NULL,
                    report TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX stored_reports_by_created_at ON stored_reports(created_at);
                """),
        // Runs recorded whole once ended append their row to a journal beside the cache instead of writing
        // it (a repeat then does no disk sync); the next fold moves them here, with the entry's random id.
        // `folded_journal_entries` keeps the ids of the last fold's entries until the journal they were
        // in is gone, so an entry read again (a fold cut off between its commit and emptying the journal)
        // is skipped, even when its row was pruned meanwhile.
        SQLiteMigration(
            version: 7,
            sql: """
                ALTER TABLE runs ADD COLUMN journal_id TEXT;
                CREATE UNIQUE INDEX runs_by_journal_id ON runs(journal_id) WHERE journal_id IS NOT NULL;
                CREATE TABLE folded_journal_entries (id TEXT PRIMARY KEY);
                """),
    ]

    static var currentVersion: Int { migrations.last!.version }
}

extension CacheSchema {
    /// `PRAGMA application_id` of every planfit cache: "PLFT" in ASCII. SQLite keeps it in the file
    /// header (offset 68), so `file(1)` and planfit itself can tell a planfit cache from another
    /// program's database before writing anything into it.
    static let applicationID: Int32 = 0x504C_4654

    /// The tables an older planfit (before the application id) created; a file with application id 0
    /// and exactly these is a planfit cache, adopted and stamped.
    static let ownTables: Set<String> = ["answers", "runs", "sqlite_sequence", "prepared_requests", "stored_reports",
                                         "folded_journal_entries"]

    /// What to do with the database just opened.
    enum Ownership: Equatable {
        /// planfit's, stamped with its application id.
        case own
        /// New and empty, or an older planfit cache: stamp it.
        case adopt
        /// Another program's database: never write into it.
        case foreign(reason: String)
    }

    static func ownership(of database: SQLiteDatabase) throws -> Ownership {
        let id = Int32(truncatingIfNeeded: try database.scalar("PRAGMA application_id")?.integerValue ?? 0)
        if id == applicationID { return .own }
        let tables = Set(try database.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
            .compactMap { $0.values.first?.textValue })
        if id != 0 {
            return .foreign(reason: printfFormat("its application_id is 0x%08X, not planfit's 0x%08X", UInt32(bitPattern: id),
                                           UInt32(bitPattern: applicationID)))
        }
        if tables.isEmpty || (tables.isSubset(of: ownTables) && tables.contains("answers") && tables.contains("runs")) {
            return .adopt
        }
        let others = tables.subtracting(ownTables).sorted().prefix(5).joined(separator: ", ")
        return .foreign(reason: "it has tables planfit never creates (\(others))")
    }
}

/// The cache path names an SQLite database some other program made: planfit refuses it before
/// changing a single byte (no WAL switch, no tables, no mode change), since it may be that program's data.
public struct ForeignDatabaseError: PlanfitError, Equatable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var exitStatus: ExitStatus { .ioError }

    public var description: String {
        // Name the real file when the cache path is a symlink: that is the database at stake.
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { ", a symlink to \($0)," } ?? ""
        return "\(path)\(target) is an SQLite database that planfit did not create (\(reason)); planfit will not write into "
            + "another program's database. Use --cache PATH or PLANFIT_CACHE to use another file"
    }
}

/// The cache is read-only and older than this planfit: reading it would need a migration that cannot be written.
public struct ReadOnlyCacheTooOldError: PlanfitError, Equatable {
    public var path: String
    public var foundVersion: Int
    public var supportedVersion: Int

    public var exitStatus: ExitStatus { .ioError }

    public var description: String {
        "\(path) is read-only and has schema version \(foundVersion); this planfit needs version \(supportedVersion) and cannot "
            + "upgrade a file it may not write: make it writable (and its folder), or use another cache with --cache PATH or PLANFIT_CACHE"
    }
}
