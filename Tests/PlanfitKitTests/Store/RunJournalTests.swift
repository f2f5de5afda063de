import Foundation
import Testing
@testable import PlanfitKit

/// A run that waited on nothing appends its history row to `CACHE-history` instead of writing the
/// database (issue 11: a repeat without disk syncs); the next writer or reader of the history moves the
/// rows in. Nothing may be lost, doubled or reordered on the way.
@Suite struct RunJournalTests {
    struct Setup {
        let folder: TemporaryDirectory
        let path: String
        let clock = TestClock()
        let warnings = MessageLog()
        let store: SQLiteResultStore

        init() throws {
            folder = try TemporaryDirectory()
            path = folder.path("cache.sqlite")
            store = try SQLiteResultStore(path: path, clock: clock.function)
            store.onWarning = { [warnings] in warnings.append($0) }
        }

        var journalPath: String { path + "-history" }
        var journalSize: Int { ((try? FileManager.default.attributesOfItem(atPath: journalPath)[.size]) as? NSNumber)?.intValue ?? -1 }

        /// The rows as the database has them, read on a connection of its own (no fold).
        func rowsInDatabase() throws -> [SQLiteRow] {
            let database = try SQLiteDatabase(path: path, access: .readOnly)
            defer { database.close() }
            return try database.rows("SELECT id, command, cache_status, journal_id FROM runs ORDER BY id")
        }

        func run(_ command: String, output: String = "report\n") -> RunRecord {
            RunRecord(startedAt: clock.now, command: command, arguments: [command, "plan.md"], planDigest: "d1",
                      cacheStatus: .hit, outcome: .ok, output: output)
        }
    }

    @Test func aJournaledRowIsInTheHistoryWithEveryColumnOnceReadAndNotBefore() throws {
        let s = try Setup()
        let run = RunRecord(
            startedAt: s.clock.now, finishedAt: s.clock.now.addingTimeInterval(0.25), command: "refine",
            arguments: ["refine", "plan.md", "--team", "team.yaml"], planDigest: "3f2a", profileDigest: "77aa",
            cacheKey: "key-1", cacheStatus: .hit, outcome: .ok, exitCode: 3, error: "not grounded",
            output: "report with ünïcode and \"quotes\"\n", adaptation: #"{"plan":"x"}"#, planPath: "/plans/plan.md",
            teamPath: "team.yaml", model: "smollm2", verdict: "improved")
        try s.store.journalRun(run)
        #expect(try s.rowsInDatabase().isEmpty, "journaling writes no row")
        #expect(s.journalSize > 0)

        let listed = try s.store.recentRuns(limit: 10)
        var expected = run
        expected.id = 1
        #expect(listed == [expected])
        #expect(s.journalSize == 0, "the fold empties the journal")
        #expect(s.warnings.messages == [])
    }

    @Test func aRowWrittenAfterAJournaledOneGetsTheLaterID() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("fit"))
        let written = try s.store.recordRun(s.run("refine"))
        #expect(written == 2)
        #expect(try s.rowsInDatabase().map { $0["command"]?.textValue } == ["fit", "refine"])
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["refine", "fit"])
    }

    /// A fold that stopped between its commit and emptying the journal leaves entries that are already
    /// in the table: read again, they are not inserted twice.
    @Test func anEntryFoldedTwiceIsOneRow() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        try s.store.journalRun(s.run("propose"))
        let journal = try Data(contentsOf: URL(fileURLWithPath: s.journalPath))
        #expect(try s.store.recentRuns(limit: 10).count == 2)
        try journal.write(to: URL(fileURLWithPath: s.journalPath))
        try s.store.journalRun(s.run("fit"))
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["fit", "propose", "refine"])
        #expect(Set(try s.rowsInDatabase().compactMap { $0["journal_id"]?.textValue }).count == 3)
    }

    /// The same, when the row was pruned by the fold that stopped: it does not come back.
    @Test func anEntryFoldedAndPrunedDoesNotComeBack() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        s.clock.advance(by: 86_400 * 40)
        try s.store.journalRun(s.run("propose"))
        let journal = try Data(contentsOf: URL(fileURLWithPath: s.journalPath))
        #expect(try s.store.removeEntries(olderThan: s.clock.now.addingTimeInterval(-86_400 * 30)).runs == 1)
        try journal.write(to: URL(fileURLWithPath: s.journalPath))
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["propose"])
        // Once the journal is emptied, the ids of its entries are forgotten.
        try s.store.journalRun(s.run("fit"))
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["fit", "propose"])
        let database = try SQLiteDatabase(path: s.path, access: .readOnly)
        defer { database.close() }
        #expect(try database.scalar("SELECT count(*) FROM folded_journal_entries")?.integerValue == 1)
    }

    @Test(arguments: ["cut short", "a byte changed"])
    func aDamagedLastEntryIsDroppedWithAWarningAndTheWholeOnesKept(_ damage: String) throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        let firstSize = s.journalSize
        try s.store.journalRun(s.run("propose", output: String(repeating: "line\n", count: 50)))
        let handle = try #require(FileHandle(forUpdatingAtPath: s.journalPath))
        if damage == "cut short" {
            try handle.truncate(atOffset: UInt64(s.journalSize - 7))
        } else {
            try handle.seek(toOffset: UInt64(firstSize + 100))
            try handle.write(contentsOf: Data("X".utf8))
        }
        try handle.close()
        let remaining = s.journalSize - firstSize

        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["refine"])
        #expect(s.warnings.messages == ["\(s.journalPath): \(remaining) bytes were not whole history rows (a run cut off while recording its row?) and were dropped"])
        #expect(s.journalSize == 0)
    }

    /// Runs append after an entry cut off by a crash: only that entry is lost.
    @Test func theEntriesAfterACutOffOneAreKept() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        let firstSize = s.journalSize
        try s.store.journalRun(s.run("propose", output: String(repeating: "line\n", count: 50)))
        let handle = try #require(FileHandle(forUpdatingAtPath: s.journalPath))
        try handle.truncate(atOffset: UInt64(s.journalSize - 40))
        try handle.close()
        let cut = s.journalSize - firstSize
        try s.store.journalRun(s.run("fit"))
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["fit", "refine"])
        #expect(s.warnings.messages == ["\(s.journalPath): \(cut) bytes were not whole history rows (a run cut off while recording its row?) and were dropped"])
    }

    /// A cache used only for repeats folds its journal itself once it passes its threshold.
    @Test func aJournalPastItsThresholdIsFoldedByTheAppend() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        #expect(try s.rowsInDatabase().count == 0)
        try s.store.journalRun(s.run("refine", output: String(repeating: "x", count: Int(RunJournal.foldThreshold))))
        #expect(try s.rowsInDatabase().count == 2)
        #expect(s.journalSize == 0)
    }

    @Test func pruneAndClearReachJournaledRows() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        s.clock.advance(by: 86_400 * 40)
        try s.store.journalRun(s.run("propose"))
        let pruned = try s.store.removeEntries(olderThan: s.clock.now.addingTimeInterval(-86_400 * 30))
        #expect(pruned.runs == 1)
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["propose"])
        try s.store.journalRun(s.run("fit"))
        #expect(try s.store.removeAll().runs == 2)
        #expect(try s.store.recentRuns(limit: 10).isEmpty)
        #expect(try s.store.stats().runs == 0)
    }

    @Test func statsCountJournaledRuns() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        try s.store.journalRun(s.run("refine"))
        let stats = try s.store.stats()
        #expect(stats.runs == 2 && stats.hits == 2)
    }

    /// Threads on connections of their own append while others fold (each fold is a history read):
    /// every row arrives once.
    @Test func appendersAndFoldersAtOnceLoseAndDoubleNothing() throws {
        let s = try Setup()
        let errors = MessageLog()
        let path = s.path
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            do {
                let store = try SQLiteResultStore(path: path)
                defer { store.close() }
                for round in 0..<40 {
                    if index < 2 {
                        _ = try store.recentRuns(limit: 1)
                    } else {
                        try store.journalRun(RunRecord(startedAt: Date(), command: "refine", arguments: ["\(index)-\(round)"], outcome: .ok))
                    }
                }
            } catch {
                errors.append("thread \(index): \(error)")
            }
        }
        #expect(errors.messages == [])
        let arguments = try s.store.recentRuns(limit: 1_000).map { $0.arguments.joined() }
        #expect(arguments.count == 160)
        #expect(Set(arguments).count == 160)
    }

    /// Something other than a file in the journal's place (here a FIFO, which would block an open for
    /// writing) is refused at once with the way out; the history is still read.
    @Test func aFIFOInTheJournalsPlaceIsRefusedWithoutWaiting() throws {
        let s = try Setup()
        _ = try s.store.recordRun(s.run("propose"))
        try #require(mkfifo(s.journalPath, 0o600) == 0)
        let error = try #require(thrownError { try s.store.journalRun(s.run("refine")) } as? FileError)
        #expect(error.path == s.journalPath && error.description.contains("is not a regular file"))
        // A row written directly still is, with a warning about the journal it could not fold.
        #expect(try s.store.recordRun(s.run("fit")) == 2)
        #expect(s.warnings.messages.count == 1 && s.warnings.messages[0].contains("not a regular file"), "\(s.warnings.messages)")
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["fit", "propose"])
    }

    /// Another file at the journal's name is someone's data: never appended to, never emptied.
    @Test func aFileThatIsNotAJournalIsLeftAsItIs() throws {
        let s = try Setup()
        try "my notes\n".write(toFile: s.journalPath, atomically: false, encoding: .utf8)
        let error = try #require(thrownError { try s.store.journalRun(s.run("refine")) } as? FileError)
        #expect(error.description.contains("is not planfit's run journal"))
        #expect(try s.store.recordRun(s.run("propose")) == 1)
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["propose"])
        #expect(try String(contentsOfFile: s.journalPath, encoding: .utf8) == "my notes\n")
        #expect(s.warnings.messages.allSatisfy { $0.contains("is not planfit's run journal") } && !s.warnings.messages.isEmpty)
    }

    /// A process that stopped while holding the journal's lock (Ctrl-Z) holds up the others only for
    /// the busy timeout: the append fails, the history is read without the journal's rows.
    @Test func aLockHeldByAStoppedProcessIsWaitedForOnlySoLong() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        let store = try SQLiteResultStore(path: s.path, busyTimeout: 0.2)
        let warnings = MessageLog()
        store.onWarning = { warnings.append($0) }
        let holder = open(s.journalPath, O_RDWR)
        try #require(holder >= 0 && flock(holder, LOCK_EX) == 0)
        let error = try #require(thrownError { try store.journalRun(s.run("fit")) } as? FileError)
        #expect(error.description.contains("another planfit process has held it"))
        #expect(try store.recentRuns(limit: 10).isEmpty)
        #expect(warnings.messages.count == 1 && warnings.messages[0].contains("could not be moved into the history"))
        close(holder)
        #expect(try store.recentRuns(limit: 10).map(\.command) == ["refine"])
    }

    /// An entry whose values do not read back as a run (here an exit code written as text) is dropped
    /// with a warning: `history` must never fail on a row the journal brought in.
    @Test func anEntryThatIsNotAValidRunIsDropped() throws {
        let s = try Setup()
        try s.store.journalRun(s.run("refine"))
        let good = try Data(contentsOf: URL(fileURLWithPath: s.journalPath))
        let decoded = RunJournalFrame.decode([UInt8](good)[...]).entries[0]
        var bad = decoded
        bad.id = RunJournal.Entry.randomID()
        bad.columns = bad.columns.map { $0.name == "exit_code" ? .init(name: "exit_code", value: .text("zero")) : $0 }
        let handle = try #require(FileHandle(forWritingAtPath: s.journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(RunJournalFrame.encode(bad)))
        try handle.close()
        #expect(try s.store.recentRuns(limit: 10).map(\.command) == ["refine"])
        #expect(s.warnings.messages == ["\(s.journalPath): 1 history rows were not valid runs and were dropped"])
    }

    /// Run as root on another user's cache, the journal root creates is the cache owner's, as SQLite
    /// makes its -wal and -shm files: a root-owned journal would lock the owner out of their history.
    @Test(.enabled(if: getuid() == 0, "needs root"))
    func aJournalRootCreatesBelongsToTheCachesOwner() throws {
        let s = try Setup()
        try #require(chown(s.path, 65534, 65534) == 0)
        try s.store.journalRun(s.run("refine"))
        let attributes = try FileManager.default.attributesOfItem(atPath: s.journalPath)
        #expect((attributes[.ownerAccountID] as? NSNumber)?.intValue == 65534)
        #expect((attributes[.groupOwnerAccountID] as? NSNumber)?.intValue == 65534)
    }

    @Test func aReadOnlyCacheIsReadWithoutFolding() throws {
        let s = try Setup()
        _ = try s.store.recordRun(s.run("propose"))
        try s.store.journalRun(s.run("refine"))
        let reader = try SQLiteResultStore(path: s.path, readOnly: true)
        #expect(try reader.recentRuns(limit: 10).map(\.command) == ["propose"])
        #expect(s.journalSize > 0, "a reader that may not write leaves the journal as it is")
    }

    @Test func framesRoundTripEveryKindOfValue() {
        let entry = RunJournal.Entry(id: "0123456789abcdef0123456789abcdef", columns: [
            .init(name: "a", value: .null), .init(name: "b", value: .integer(-42)), .init(name: "c", value: .real(0.25)),
            .init(name: "d", value: .text("tëxt\n\u{0}")), .init(name: "e", value: .blob(Data([0, 255, 7]))),
        ])
        let bytes = RunJournalFrame.encode(entry) + RunJournalFrame.encode(RunJournal.Entry(id: "x", columns: []))
        let decoded = RunJournalFrame.decode(bytes[...])
        #expect(decoded.entries == [entry, RunJournal.Entry(id: "x", columns: [])])
        #expect(decoded.unreadableBytes == 0)
        #expect(RunJournal.Entry(columns: []).id.count == 32)
        #expect(RunJournal.Entry(columns: []).id != RunJournal.Entry(columns: []).id)
    }

    /// Whatever the file holds, decoding stops at the first frame that is not whole and never traps.
    @Test func anyBytesDecodeWithoutTrapping() {
        let frame = RunJournalFrame.encode(RunJournal.Entry(id: "id", columns: [.init(name: "output", value: .text("report"))]))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var bytes = frame + frame
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let cut = Int.random(in: 0...bytes.count, using: &generator)
            let decoded = RunJournalFrame.decode(bytes[..<cut])
            #expect(decoded.entries.count <= 2)
            #expect(decoded.unreadableBytes <= cut)
            #expect(decoded.entries.count * frame.count + decoded.unreadableBytes == cut, "every byte is a frame's or counted")
        }
        #expect(RunJournalFrame.decode([UInt8](repeating: 0xff, count: 64)[...]).unreadableBytes == 64)
    }
}
