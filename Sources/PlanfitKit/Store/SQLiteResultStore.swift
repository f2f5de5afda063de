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

/// Where planfit keeps cached model answers and the history of its runs: one SQLite file (schema in
/// docs/cache-schema.md) shared safely by any number of planfit processes. Shared across tasks, so
/// `@unchecked Sendable`: every access goes through `SQLiteDatabase`, which serialises it with a lock.
public final class SQLiteResultStore: @unchecked Sendable {
    /// The schema version this planfit writes (`PRAGMA user_version`).
    public static var schemaVersion: Int { CacheSchema.currentVersion }

    public let path: String
    private let database: SQLiteDatabase
    /// History rows written whole once their run ended, not yet in `runs` (see `RunJournal`).
    private let journal: RunJournal
    private let clock: @Sendable () -> Date
    /// Called with each warning worth telling the user (a mode that could not be tightened, an answer
    /// not stored in a read-only cache); the command line prints them on stderr.
    public var onWarning: @Sendable (String) -> Void = { _ in }
    /// Warnings raised while opening, before a caller could set `onWarning`.
    public private(set) var openingWarnings: [String] = []

    /// True when the file or its folder may not be written: the store reads (cache hits, `history`,
    /// `cache stats`, `show`) and skips writes.
    public var isReadOnly: Bool { database.isReadOnly }

    /// Opens the cache at `path`, creating it (mode 0600, in a folder created when missing) and
    /// migrating its schema as needed.
    ///
    /// Before anything is written, the file must be planfit's: its `PRAGMA application_id` is
    /// `CacheSchema.applicationID`, or it is new, or it is an older planfit cache (id 0 and only planfit's
    /// tables), which is stamped. Anything else throws `ForeignDatabaseError`, untouched. An existing
    /// file readable by others is restricted to 0600. When the file or its folder is not writable
    /// (`readOnly` nil detects it), the file is opened read-only and not migrated.
    ///
    /// Throws `SQLiteError` (exit 74) naming the file and the fix when it is not a database or is
    /// corrupt, and `SQLiteSchemaTooNewError` when a newer planfit wrote it.
    public init(
        path: String, clock: @escaping @Sendable () -> Date = { Date() }, busyTimeout: TimeInterval = 10,
        readOnly: Bool? = nil
    ) throws {
        self.path = path
        self.clock = clock
        journal = RunJournal(cachePath: path, lockTimeout: busyTimeout)
        let location = CacheLocation(path: path)
        let readOnly = readOnly ?? location.isReadOnlyForThisUser
        if !readOnly { try location.prepare() }
        var ownership = CacheSchema.Ownership.own
        database = try SQLiteDatabase(path: path, busyTimeout: busyTimeout, access: readOnly ? .readOnly : .readWrite) { database in
            ownership = try CacheSchema.ownership(of: database)
            if case .foreign(let reason) = ownership { throw ForeignDatabaseError(path: path, reason: reason) }
        }
        if readOnly {
            let found = try database.userVersion()
            let current = CacheSchema.currentVersion
            if found > current { throw SQLiteSchemaTooNewError(path: path, foundVersion: found, supportedVersion: current) }
            if found < current { throw ReadOnlyCacheTooOldError(path: path, foundVersion: found, supportedVersion: current) }
            return
        }
        try database.migrate(CacheSchema.migrations)
        if ownership == .adopt {
            // Many processes may open a new cache at once; each stamps the same value.
            try database.retryingWhileBusy { try database.execute("PRAGMA application_id = \(CacheSchema.applicationID)") }
        }
        if let warning = location.restrictMode() { openingWarnings.append(warning) }
        location.restrictSideFiles()
    }

    /// The warning for a write skipped because the cache is read-only.
    private func skippedWrite(_ what: String) {
        onWarning("the cache \(path) is read-only: \(what) (make it and its folder writable, or choose another cache with --cache PATH)")
    }

    /// Closes the connection; the store cannot be used afterwards.
    public func close() {
        database.close()
    }

    // MARK: Answers

    public func lookup(key: String) throws -> CachedAnswer? {
        try database.rows("SELECT * FROM answers WHERE key = ?", [.text(key)]).first.map(answer(from:))
    }

    /// The newest answer for a request (see `CacheKey.request`), optionally only one made by `model`
    /// or at `server`. Lets a cache hit and `--offline` answer without asking a server who it is.
    public func lookup(requestKey: String, model: String? = nil, server: String? = nil) throws -> CachedAnswer? {
        let newest = Self.newestAnswer(columns: "*", requestKey: requestKey, model: model, server: server)
        return try database.rows(newest.sql, newest.values).first.map(answer(from:))
    }

    /// The query for the newest answer to a request, optionally by `model` or at `server`.
    private static func newestAnswer(columns: String, requestKey: String, model: String?, server: String?) -> (sql: String, values: [SQLiteValue]) {
        newestAnswer(columns: columns, requestKey: ("?", [.text(requestKey)]), model: model, server: server)
    }

    /// The same, with the request key given as an SQL expression and its values (a subquery).
    private static func newestAnswer(columns: String, requestKey: (sql: String, values: [SQLiteValue]), model: String?,
                                     server: String?) -> (sql: String, values: [SQLiteValue]) {
        var sql = "SELECT \(columns) FROM answers WHERE request_key = \(requestKey.sql)"
        var values = requestKey.values
        if let model {
            sql += " AND model = ?"
            values.append(.text(model))
        }
        if let server {
            sql += " AND rtrim(server, '/') = rtrim(?, '/')"
            values.append(.text(server))
        }
        return (sql + " ORDER BY created_at DESC LIMIT 1", values)
    }

    /// What a run's inputs were prepared into, when a run with the same input key (see
    /// `CacheKey.inputKey`) stored it: the request key and the planner's result as JSON.
    public func preparedRequest(inputKey: String) throws -> (requestKey: String, planner: String)? {
        guard let row = try database.rows("SELECT request_key, planner FROM prepared_requests WHERE input_key = ?",
                                          [.text(inputKey)]).first else { return nil }
        let reader = RowReader(row: row, path: path, name: "prepared request")
        return (try reader.text("request_key"), try reader.text("planner"))
    }

    /// Stores what a run's inputs were prepared into, for `preparedRequest(inputKey:)`.
    public func savePreparedRequest(inputKey: String, requestKey: String, planner: String) throws {
        if isReadOnly { return }
        try database.run(
            "INSERT OR REPLACE INTO prepared_requests (input_key, request_key, planner, created_at) VALUES (?, ?, ?, ?)",
            [.text(inputKey), .text(requestKey), .text(planner), .text(StoreTimestamp.string(from: clock()))])
    }

    /// The report stored under `reportKey` when it was made from the answer a repeat of the inputs
    /// `inputKey` would show now (the newest answer to their prepared request, optionally by `model` or
    /// at `server`): that answer's key and the report. One statement for the three lookups, since it is
    /// what every cache hit reads (three queries cost it ~50 µs more).
    public func currentStoredReport(reportKey: String, inputKey: String, model: String? = nil,
                                    server: String? = nil) throws -> (answerKey: String, report: String)? {
        let newest = Self.newestAnswer(
            columns: "key", requestKey: ("(SELECT request_key FROM prepared_requests WHERE input_key = ?)", [.text(inputKey)]),
            model: model, server: server)
        guard let row = try database.rows("SELECT answer_key, report FROM stored_reports WHERE report_key = ? AND answer_key = (\(newest.sql))",
                                          [.text(reportKey)] + newest.values).first else { return nil }
        let reader = RowReader(row: row, path: path, name: "stored report")
        return (try reader.text("answer_key"), try reader.text("report"))
    }

    public func saveStoredReport(reportKey: String, answerKey: String, report: String) throws {
        if isReadOnly { return }
        try database.run(
            "INSERT OR REPLACE INTO stored_reports (report_key, answer_key, report, created_at) VALUES (?, ?, ?, ?)",
            [.text(reportKey), .text(answerKey), .text(SecretRedaction.redact(report)), .text(StoreTimestamp.string(from: clock()))])
    }

    public func save(_ answer: CachedAnswer) throws {
        if isReadOnly { return skippedWrite("this answer is not stored") }
        // A server may echo the API key in its answer: never store it (see SecretRedaction).
        let answer = answer.redactingSecrets()
        let createdAt = answer.createdAt ?? clock()
        try database.writeTransaction {
            try database.run(
                """
                INSERT OR REPLACE INTO answers (key, command, created_at, model, model_digest, server,
                    server_version, api, parameters, prompt_tokens, completion_tokens, timings, repair_rounds,
                    findings_before, findings_after, payload, request_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(answer.key), .text(answer.command), .text(StoreTimestamp.string(from: createdAt)),
                    .text(answer.model), SQLiteValue(answer.modelDigest), .text(answer.server),
                    SQLiteValue(answer.serverVersion), .text(answer.api), .text(answer.parameters.canonicalText),
                    SQLiteValue(answer.promptTokens), SQLiteValue(answer.completionTokens),
                    .text(answer.timings.canonicalText), .integer(Int64(answer.repairRounds)),
                    .text(answer.findingsBefore.canonicalText), .text(answer.findingsAfter.canonicalText),
                    .text(answer.payload), SQLiteValue(answer.requestKey),
                ])
        }
    }

    // MARK: Runs

    /// Writes a run's row; returns its id. The run journal is folded in first, so ids keep the order
    /// the runs were recorded in.
    public func recordRun(_ run: RunRecord) throws -> Int64 {
        let columns = Self.columns(of: run.redactingSecrets(), finishedAt: run.finishedAt ?? clock())
        return try writeTransactionFoldingJournal { _ in
            let names = columns.map(\.name).joined(separator: ", ")
            let marks = columns.map { _ in "?" }.joined(separator: ", ")
            try database.run("INSERT INTO runs (\(names)) VALUES (\(marks))", columns.map(\.value))
            return database.lastInsertRowID
        }
    }

    /// Records the row of a run that has ended and had no `running` row (a repeat that reprinted its
    /// stored report, `fit`, a plan of a batch, a run that failed before it started work) by appending
    /// it to the run journal instead of writing the database: no transaction, no disk sync (see
    /// `RunJournal`). It is in `runs`, with its id, once the journal is folded: by the next insert of a
    /// row, or before anything reads the history. A journal past `RunJournal.foldThreshold` is folded here.
    public func journalRun(_ run: RunRecord) throws {
        if isReadOnly { return skippedWrite("this run is not recorded in the history") }
        let columns = Self.columns(of: run.redactingSecrets(), finishedAt: run.finishedAt ?? clock())
        let size = try journal.append(RunJournal.Entry(columns: columns))
        // The row is recorded now; a fold that fails here is tried again by the next one.
        if size > RunJournal.foldThreshold {
            do {
                try foldJournal()
            } catch {
                onWarning("the latest runs in \(journal.path) could not be moved into the history yet: \(error)")
            }
        }
    }

    /// The `runs` columns of a row, in the order `recordRun` writes them and the journal keeps them.
    private static func columns(of run: RunRecord, finishedAt: Date) -> [RunJournal.Entry.Column] {
        [
            .init(name: "started_at", value: .text(StoreTimestamp.string(from: run.startedAt))),
            .init(name: "finished_at", value: .text(StoreTimestamp.string(from: finishedAt))),
            .init(name: "command", value: .text(run.command)),
            .init(name: "arguments", value: .text(JSONValue.array(run.arguments.map(JSONValue.string)).canonicalText)),
            .init(name: "plan_digest", value: SQLiteValue(run.planDigest)),
            .init(name: "profile_digest", value: SQLiteValue(run.profileDigest)),
            .init(name: "cache_key", value: SQLiteValue(run.cacheKey)),
            .init(name: "cache_status", value: .text(run.cacheStatus.rawValue)),
            .init(name: "outcome", value: .text(run.outcome.rawValue)),
            .init(name: "exit_code", value: .integer(Int64(run.exitCode))),
            .init(name: "error", value: SQLiteValue(run.error)),
            .init(name: "output", value: .text(run.output)),
            .init(name: "adaptation", value: SQLiteValue(run.adaptation)),
            .init(name: "pid", value: SQLiteValue(run.processID.map(Int.init))),
            .init(name: "plan_path", value: SQLiteValue(run.planPath)),
            .init(name: "team_path", value: SQLiteValue(run.teamPath)),
            .init(name: "model", value: SQLiteValue(run.model)),
            .init(name: "verdict", value: SQLiteValue(run.verdict)),
        ]
    }

    /// The columns a journal entry may set: a damaged or foreign journal names nothing else in SQL.
    private static let journaledColumns: Set<String> = {
        let epoch = Date(timeIntervalSince1970: 0)
        return Set(columns(of: RunRecord(startedAt: epoch, command: "", outcome: .ok), finishedAt: epoch).map(\.name))
    }()

    /// Moves the run journal's rows into `runs` (see `RunJournal`); nothing to do without a journal, in
    /// a read-only cache, or inside a transaction (its end would come after the journal was emptied).
    private func foldJournal() throws {
        guard !isReadOnly, !database.isInTransaction, SystemIO.fileSize(journal.path) > 0 else { return }
        try writeTransactionFoldingJournal { _ in }
    }

    /// Before the history is read: a fold that fails (the cache busy for longer than the busy timeout,
    /// an unreadable journal) is a warning, and the history is read as the database has it.
    private func foldJournalBeforeReading() {
        do {
            try foldJournal()
        } catch {
            onWarning("the latest runs in \(journal.path) could not be moved into the history: \(error)")
        }
    }

    /// A write transaction that first folds the run journal in. The journal is locked inside SQLite's
    /// write lock (so folders never wait on each other in the other order) and emptied only after the
    /// commit, made durable first: a failure anywhere leaves its entries for the next fold. A journal
    /// that cannot be read is a warning, never the failure of the write it precedes. With
    /// `discardingJournal` (`cache clear`), the entries are not moved in but dropped with the rest.
    /// `body` is given the number of journal entries discarded.
    private func writeTransactionFoldingJournal<T>(discardingJournal: Bool = false, _ body: (_ discarded: Int) throws -> T) throws -> T {
        guard !isReadOnly, !database.isInTransaction else { return try database.writeTransaction { try body(0) } }
        var claim: RunJournal.Claim?
        var unreadable: (any Error)?
        var dropped = 0
        defer { claim?.release() }
        let result = try database.writeTransaction { () throws -> T in
            do {
                claim = try journal.claim()
            } catch {
                unreadable = error
            }
            if let claim {
                if discardingJournal { claim.empty() } else { dropped = try insertJournaled(claim.entries) }
            }
            return try body(discardingJournal ? claim?.entries.count ?? 0 : 0)
        }
        if let claim, !discardingJournal {
            // synchronous=NORMAL leaves a commit in the WAL, unsynced: a power cut after the journal is
            // emptied could take the rows from both places. A checkpoint syncs them first.
            if !claim.entries.isEmpty { try? database.execute("PRAGMA wal_checkpoint(PASSIVE)") }
            claim.clear()
        }
        // Warnings only once the journal is unlocked: a full stderr pipe must not hold the lock.
        claim?.release()
        if let unreadable { onWarning("the latest runs in \(journal.path) could not be moved into the history: \(unreadable)") }
        if let claim, !discardingJournal, claim.unreadableBytes > 0 {
            onWarning("\(journal.path): \(claim.unreadableBytes) bytes were not whole history rows (a run cut off "
                + "while recording its row?) and were dropped")
        }
        if dropped > 0 { onWarning("\(journal.path): \(dropped) history rows were not valid runs and were dropped") }
        return result
    }

    /// Inserts the entries that read back as runs; returns how many did not (wrong types, a time or
    /// an argument list that does not parse: a damaged journal must not leave a row `history` fails on).
    private func insertJournaled(_ entries: [RunJournal.Entry]) throws -> Int {
        // Entries an earlier fold moved in and that are still in the journal (that fold stopped before
        // emptying it) are skipped, whether their rows are there or were pruned since; ids that are no
        // longer in the journal belong to journals since emptied, and are forgotten.
        let current = Set(entries.map(\.id))
        let folded = try database.rows("SELECT id FROM folded_journal_entries").compactMap { $0.values.first?.textValue }
        for id in folded where !current.contains(id) {
            try database.run("DELETE FROM folded_journal_entries WHERE id = ?", [.text(id)])
        }
        let foldedBefore = Set(folded).intersection(current)
        var dropped = 0
        for entry in entries where !foldedBefore.contains(entry.id) {
            try database.run("INSERT OR IGNORE INTO folded_journal_entries (id) VALUES (?)", [.text(entry.id)])
            let columns = entry.columns.filter { Self.journaledColumns.contains($0.name) }
            let row = SQLiteRow(columns: ["id"] + columns.map(\.name), values: [.integer(0)] + columns.map(\.value))
            guard (try? runRecord(from: row)) != nil else {
                dropped += 1
                continue
            }
            let names = (["journal_id"] + columns.map(\.name)).joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
            // OR IGNORE: one the schema's checks reject is dropped, not the fold.
            try database.run("INSERT OR IGNORE INTO runs (\(names)) VALUES (\(marks))", [.text(entry.id)] + columns.map(\.value))
        }
        return dropped
    }

    /// Writes the row of a run that is starting: outcome `running`, this process's id, no output yet.
    /// `completeRun` fills it in when the run ends; if the process dies first, the row stays and
    /// `history` shows it as interrupted.
    public func startRun(_ run: RunRecord) throws -> Int64 {
        var started = run
        started.outcome = .running
        started.finishedAt = run.startedAt
        started.processID = run.processID ?? getpid()
        return try recordRun(started)
    }

    /// Completes the row `startRun` wrote; records a new row if that one is gone (pruned meanwhile).
    public func completeRun(id: Int64, _ run: RunRecord) throws {
        let run = run.redactingSecrets()
        let finishedAt = run.finishedAt ?? clock()
        let changed = try database.writeTransaction {
            try database.run(
                """
                UPDATE runs SET finished_at = ?, plan_digest = ?, profile_digest = ?, cache_key = ?, cache_status = ?,
                    outcome = ?, exit_code = ?, error = ?, output = ?, adaptation = ?, pid = NULL,
                    plan_path = coalesce(?, plan_path), team_path = coalesce(?, team_path), model = ?, verdict = ?
                WHERE id = ?
                """,
                [
                    .text(StoreTimestamp.string(from: finishedAt)), SQLiteValue(run.planDigest),
                    SQLiteValue(run.profileDigest), SQLiteValue(run.cacheKey), .text(run.cacheStatus.rawValue),
                    .text(run.outcome.rawValue), .integer(Int64(run.exitCode)), SQLiteValue(run.error),
                    .text(run.output), SQLiteValue(run.adaptation), SQLiteValue(run.planPath), SQLiteValue(run.teamPath),
                    SQLiteValue(run.model), SQLiteValue(run.verdict), .integer(id),
                ])
        }
        if changed == 0 { _ = try recordRun(run) }
    }

    /// The latest `limit` runs, newest first; with `planPath` (absolute), only the runs of that plan.
    public func recentRuns(limit: Int, planPath: String? = nil) throws -> [RunRecord] {
        foldJournalBeforeReading()
        let bound = SQLiteValue.integer(Int64(max(limit, 0)))
        if let planPath {
            return try database.rows("SELECT * FROM runs WHERE plan_path = ? ORDER BY id DESC LIMIT ?", [.text(planPath), bound])
                .map(runRecord(from:))
        }
        return try database.rows("SELECT * FROM runs ORDER BY id DESC LIMIT ?", [bound]).map(runRecord(from:))
    }

    public func run(id: Int64) throws -> RunRecord? {
        foldJournalBeforeReading()
        return try database.rows("SELECT * FROM runs WHERE id = ?", [.integer(id)]).first.map(runRecord(from:))
    }

    /// The latest run whose command is one of `commands` (for `planfit apply last`).
    public func latestRun(commands: [String]) throws -> RunRecord? {
        foldJournalBeforeReading()
        let marks = commands.map { _ in "?" }.joined(separator: ", ")
        return try database.rows("SELECT * FROM runs WHERE command IN (\(marks)) ORDER BY id DESC LIMIT 1",
                                 commands.map { .text($0) }).first.map(runRecord(from:))
    }

    // MARK: Maintenance

    public func stats() throws -> CacheStats {
        foldJournalBeforeReading()
        let row = try database.readTransaction {
            try database.rows(
                """
                SELECT (SELECT count(*) FROM answers) AS entries,
                    (SELECT count(*) FROM runs) AS runs,
                    (SELECT count(*) FROM runs WHERE cache_status = 'hit') AS hits,
                    (SELECT count(*) FROM runs WHERE cache_status = 'miss') AS misses,
                    (SELECT min(created_at) FROM answers) AS oldest,
                    (SELECT max(created_at) FROM answers) AS newest
                """)[0]
        }
        let reader = RowReader(row: row, path: path, name: "the cache summary")
        return CacheStats(
            entries: try reader.int("entries"), runs: try reader.int("runs"), hits: try reader.int("hits"),
            misses: try reader.int("misses"), bytesOnDisk: bytesOnDisk(),
            oldestEntry: try reader.optionalDate("oldest"), newestEntry: try reader.optionalDate("newest"))
    }

    /// How many cached answers and runs `removeEntries(olderThan:)` removed.
    public struct PruneResult: Equatable, Sendable {
        public var answers: Int
        public var runs: Int
        public var total: Int { answers + runs }
    }

    /// Removes answers stored and runs started before `date`, and reports each count.
    public func removeEntries(olderThan date: Date) throws -> PruneResult {
        let cutoff = SQLiteValue.text(StoreTimestamp.string(from: date))
        return try writeTransactionFoldingJournal { _ in
            // Prepared requests and stored reports are derived: they go with the answers of their age.
            _ = try database.run("DELETE FROM prepared_requests WHERE created_at < ?", [cutoff])
            _ = try database.run("DELETE FROM stored_reports WHERE created_at < ?", [cutoff])
            return PruneResult(
                answers: try database.run("DELETE FROM answers WHERE created_at < ?", [cutoff]),
                runs: try database.run("DELETE FROM runs WHERE started_at < ?", [cutoff]))
        }
    }

    /// Removes every answer and run, then compacts the file; reports the counts removed.
    @discardableResult
    public func removeAll() throws -> PruneResult {
        let removed = try writeTransactionFoldingJournal(discardingJournal: true) { journaled in
            _ = try database.run("DELETE FROM prepared_requests")
            _ = try database.run("DELETE FROM stored_reports")
            return PruneResult(answers: try database.run("DELETE FROM answers"), runs: try database.run("DELETE FROM runs") + journaled)
        }
        // Only gives the freed pages back to the file system; the rows are gone either way.
        try? database.execute("VACUUM")
        return removed
    }

    private func bytesOnDisk() -> Int64 {
        [path, path + "-wal", journal.path].reduce(0) { total, file in
            total + SystemIO.fileSize(file)
        }
    }

    // MARK: Reading rows

    private func answer(from row: SQLiteRow) throws -> CachedAnswer {
        let key = row["key"]?.textValue ?? "?"
        let reader = RowReader(row: row, path: path, name: "cached answer \(key.prefix(12))")
        return CachedAnswer(
            key: try reader.text("key"), command: try reader.text("command"),
            createdAt: try reader.date("created_at"), model: try reader.text("model"),
            modelDigest: try reader.optionalText("model_digest"), server: try reader.text("server"),
            serverVersion: try reader.optionalText("server_version"), api: try reader.text("api"),
            parameters: try reader.json("parameters"), promptTokens: try reader.optionalInt("prompt_tokens"),
            completionTokens: try reader.optionalInt("completion_tokens"), timings: try reader.json("timings"),
            repairRounds: try reader.int("repair_rounds"), findingsBefore: try reader.json("findings_before"),
            findingsAfter: try reader.json("findings_after"), payload: try reader.text("payload"),
            requestKey: try reader.optionalText("request_key"))
    }

    private func runRecord(from row: SQLiteRow) throws -> RunRecord {
        let id = row["id"]?.integerValue
        let reader = RowReader(row: row, path: path, name: "run \(id.map(String.init) ?? "?")")
        let arguments = try reader.json("arguments")
        guard let argumentList = arguments.arrayValue?.compactMap(\.stringValue),
            argumentList.count == arguments.arrayValue?.count
        else { throw reader.failure("arguments", "expected a JSON array of strings") }
        return RunRecord(
            id: Int64(try reader.int("id")), startedAt: try reader.date("started_at"),
            finishedAt: try reader.date("finished_at"), command: try reader.text("command"),
            arguments: argumentList, planDigest: try reader.optionalText("plan_digest"),
            profileDigest: try reader.optionalText("profile_digest"), cacheKey: try reader.optionalText("cache_key"),
            cacheStatus: try reader.enumeration("cache_status"), outcome: try reader.enumeration("outcome"),
            exitCode: Int32(clamping: try reader.int("exit_code")), error: try reader.optionalText("error"),
            output: try reader.text("output"), adaptation: try reader.optionalText("adaptation"),
            processID: try reader.optionalInt("pid").map { Int32(clamping: $0) },
            planPath: try reader.optionalText("plan_path"), teamPath: try reader.optionalText("team_path"),
            model: try reader.optionalText("model"), verdict: try reader.optionalText("verdict"))
        .reportingInterruption()
    }
}

extension RunRecord {
    /// The error and output may quote what a server sent, the key it echoed included.
    func redactingSecrets() -> RunRecord {
        var copy = self
        copy.error = error.map(SecretRedaction.redact)
        copy.output = SecretRedaction.redact(output)
        copy.adaptation = adaptation.map(SecretRedaction.redact)
        copy.arguments = arguments.map(SecretRedaction.redact)
        return copy
    }

    /// A `running` row whose process is gone was interrupted (killed, or the machine stopped). The
    /// check is `kill(pid, 0)`: ESRCH means no such process. On another machine sharing the file, or
    /// after the id was reused, a dead run can still show as running; it never shows a live one as dead.
    func reportingInterruption() -> RunRecord {
        guard outcome == .running else { return self }
        var copy = self
        guard let pid = processID, pid > 0 else {
            copy.outcome = .interrupted
            return copy
        }
        if kill(pid, 0) != 0 ? errno == ESRCH : Self.isZombie(pid) { copy.outcome = .interrupted }
        return copy
    }

    /// A killed process whose parent has not reaped it still answers `kill(pid, 0)`; on Linux its
    /// state in /proc/PID/stat is Z. (The state follows the command name, which is in parentheses.)
    static func isZombie(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
              let close = data.lastIndex(of: UInt8(ascii: ")")), data.index(close, offsetBy: 2) < data.endIndex else { return false }
        return data[data.index(close, offsetBy: 2)] == UInt8(ascii: "Z")
    }
}

extension CachedAnswer {
    func redactingSecrets() -> CachedAnswer {
        var copy = self
        copy.payload = SecretRedaction.redact(payload)
        copy.findingsBefore = SecretRedaction.redactStrings(findingsBefore, secrets: SecretRedaction.secrets)
        copy.findingsAfter = SecretRedaction.redactStrings(findingsAfter, secrets: SecretRedaction.secrets)
        return copy
    }
}

/// Typed reads of one row's columns, failing with a `CacheContentError` that names the row and column.
private struct RowReader {
    var row: SQLiteRow
    var path: String
    var name: String

    func failure(_ column: String, _ reason: String) -> CacheContentError {
        CacheContentError(path: path, row: name, column: column, reason: reason)
    }

    func optionalText(_ column: String) throws -> String? {
        switch row[column] {
        case .text(let text): return text
        case .null: return nil
        case nil: throw failure(column, "the column is missing")
        default: throw failure(column, "expected text")
        }
    }

    func text(_ column: String) throws -> String {
        guard let text = try optionalText(column) else { throw failure(column, "expected text, found NULL") }
        return text
    }

    func optionalInt(_ column: String) throws -> Int? {
        switch row[column] {
        case .integer(let number): return Int(number)
        case .null: return nil
        case nil: throw failure(column, "the column is missing")
        default: throw failure(column, "expected an integer")
        }
    }

    func int(_ column: String) throws -> Int {
        guard let number = try optionalInt(column) else { throw failure(column, "expected an integer, found NULL") }
        return number
    }

    func optionalDate(_ column: String) throws -> Date? {
        guard let text = try optionalText(column) else { return nil }
        guard let date = StoreTimestamp.date(from: text) else {
            throw failure(column, "`\(text)` is not an ISO-8601 UTC time like 2026-12-01T09:30:00.000Z")
        }
        return date
    }

    func date(_ column: String) throws -> Date {
        guard let date = try optionalDate(column) else { throw failure(column, "expected a time, found NULL") }
        return date
    }

    func json(_ column: String) throws -> JSONValue {
        let text = try text(column)
        do {
            return try JSONValue.parse(text)
        } catch {
            throw failure(column, "\(error)")
        }
    }

    func enumeration<Value: RawRepresentable & CaseIterable>(_ column: String) throws -> Value
    where Value.RawValue == String {
        let text = try text(column)
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(column, "`\(text)` is not one of \(allowed)")
        }
        return value
    }
}
