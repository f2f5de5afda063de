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
    ]

    static var currentVersion: Int { migrations.last!.version }
}
