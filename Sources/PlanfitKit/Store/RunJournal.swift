#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// History rows written without a database transaction: the file `CACHE-history` beside the cache,
/// to which a run whose row is written whole once it has ended (a repeat reprinting its stored report,
/// `fit`, each plan of a batch, a run that failed before it started work) appends its `runs` row, and
/// from which the next transaction that inserts a row, or a command that reads the history, moves
/// them into the `runs` table ("folding").
///
/// Why a file of its own: a row written through SQLite costs a repeat three disk syncs (the WAL's
/// header, then the WAL and the file when it is folded back at close), more than the rest of the repeat
/// together. An append is one `write`. What it gives up: until the next fold, the
/// `.sqlite` file alone lacks those rows (answers and reports are never journaled), and a power cut
/// may lose the last appended rows, as it may lose the last commits with `synchronous=NORMAL`.
///
/// Concurrency: appenders and the folder take an exclusive `flock` on the file for the few
/// microseconds of their write, and for the fold (waiting at most `lockTimeout` for it); folders run
/// inside SQLite's write lock, so they are serialised by it and never wait on an appender that waits on them (appenders never touch SQLite
/// while holding the file). A fold truncates the file only after its transaction committed; every
/// entry has a random id, stored in `runs.journal_id` (unique), so entries read again after a crash
/// between the commit and the truncation are not inserted twice; and the commit is made durable first
/// (a checkpoint), so a power cut cannot take the rows from both places. A file at this name that does
/// not start as a journal does is never appended to or emptied.
struct RunJournal {
    let path: String
    /// The database the journal belongs to: a journal root creates is given its owner.
    let cachePath: String
    /// How long to wait for another process's lock on the journal before giving up (a fold or append
    /// that gives up leaves the rows where they are, with a warning). Appenders and folders hold it for
    /// microseconds, but a process stopped while holding it (Ctrl-Z) must not stop every other one.
    let lockTimeout: Double

    /// The size past which an append folds the journal itself, so a cache used only for repeats does
    /// not grow a journal without bound. A repeat's row holds its report, ~10-20 KB for a plan of 30
    /// tasks: about one run in sixty pays for the fold.
    static let foldThreshold: Int64 = 1 << 20

    /// The most a fold reads: far beyond what appends reach (they fold past `foldThreshold`); a larger
    /// file was not written by planfit's appends alone.
    static let readLimit: Int64 = 256 << 20

    init(cachePath: String, lockTimeout: Double = 10) {
        self.cachePath = cachePath
        path = cachePath + "-history"
        self.lockTimeout = lockTimeout
    }

    /// Appends one entry; returns the journal's size after it. Nothing is written when the write fails
    /// part-way (the file is cut back to its size before).
    func append(_ entry: Entry) throws -> Int64 {
        let bytes = RunJournalFrame.encode(entry)
        guard let descriptor = try openLocked(creating: true) else { preconditionFailure("opening to append creates the file or throws") }
        defer { SystemIO.close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(.unwritable) }
        let before = Int64(info.st_size)
        if before > 0, !startsWithMagic(descriptor) { throw notAJournal(.unwritable) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { SystemIO.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let error = failure(.unwritable)
                _ = ftruncate(descriptor, off_t(before))
                throw error
            }
            written += count
        }
        return before + Int64(bytes.count)
    }

    /// Takes the journal for folding: locks it, reads and decodes every entry. Nil when there is no
    /// journal or it is empty. The caller inserts the entries, commits, then calls `Claim.clear()`;
    /// releasing the claim without clearing leaves the entries for the next fold.
    func claim() throws -> Claim? {
        guard let descriptor = try openLocked(creating: false) else { return nil }
        let claim = Claim(descriptor: descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(.unreadable) }
        let size = Int64(info.st_size)
        if size == 0 { return nil }
        // Someone else's file at this name is never emptied: refused, left as it is.
        guard startsWithMagic(descriptor) else { throw notAJournal(.unreadable) }
        guard size <= Self.readLimit else {
            throw FileError(path: path, kind: .unreadable,
                            reason: "it is \(size >> 20) MiB, more than the \(Self.readLimit >> 20) MiB planfit ever writes there; "
                                + "move it aside to let planfit start a new one (the history rows in it are then not listed)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var filled = 0
        while filled < bytes.count {
            let wanted = bytes.count - filled
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, wanted, off_t(filled)) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw failure(.unreadable) }
            if count == 0 { break }
            filled += count
        }
        let decoded = RunJournalFrame.decode(bytes[..<filled])
        claim.entries = decoded.entries
        claim.unreadableBytes = decoded.unreadableBytes
        return claim
    }

    /// The journal, locked for folding; closing it (`release`, or the end of its life) unlocks it.
    final class Claim {
        private var descriptor: Int32
        fileprivate(set) var entries: [Entry] = []
        /// Bytes that did not decode (a record cut short by a crash, or damaged): dropped by `clear`.
        fileprivate(set) var unreadableBytes = 0

        fileprivate init(descriptor: Int32) {
            self.descriptor = descriptor
        }

        deinit { release() }

        /// Empties the journal (its entries are in the database now) and unlocks it.
        func clear() {
            empty()
            release()
        }

        /// Empties the journal and keeps it locked (`cache clear`: its rows go with everything else).
        func empty() {
            if descriptor >= 0 { _ = ftruncate(descriptor, 0) }
        }

        /// Unlocks the journal, leaving its entries for the next fold.
        func release() {
            if descriptor >= 0 { SystemIO.close(descriptor) }
            descriptor = -1
        }
    }

    /// One journaled row: a random id (`runs.journal_id`) and its columns' values.
    struct Entry: Equatable, Sendable {
        var id: String
        var columns: [Column]

        struct Column: Equatable, Sendable {
            var name: String
            var value: SQLiteValue
        }

        /// An entry with a fresh random id.
        init(columns: [Column]) {
            self.init(id: Self.randomID(), columns: columns)
        }

        init(id: String, columns: [Column]) {
            self.id = id
            self.columns = columns
        }

        /// 128 random bits in hex: unique across processes and machines sharing a cache.
        static func randomID() -> String {
            var generator = SystemRandomNumberGenerator()
            let digits = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = []
            hex.reserveCapacity(32)
            for _ in 0..<2 {
                let bits = generator.next() as UInt64
                for shift in stride(from: 60, through: 0, by: -4) { hex.append(digits[Int(bits >> UInt64(shift) & 0xf)]) }
            }
            return String(decoding: hex, as: UTF8.self)
        }
    }

    /// Opens the journal for appending (`creating` it when missing) or for folding, and takes its lock;
    /// nil when folding and there is no journal. Never follows a symlink, and refuses anything but a
    /// regular file without waiting on it (O_NONBLOCK: opening a FIFO nobody reads for writing would
    /// block the run, and fails with ENXIO instead).
    private func openLocked(creating: Bool) throws -> Int32? {
        let kind: FileError.Kind = creating ? .unwritable : .unreadable
        let access = creating ? O_RDWR | O_APPEND | O_CREAT : O_RDWR  // read too: the first bytes are checked
        let descriptor = open(path, access | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            if !creating, errno == ENOENT { return nil }
            throw errno == ENXIO ? notARegularFile(kind) : failure(kind)
        }
        var info = stat()
        let problem: FileError? = fstat(descriptor, &info) != 0 ? failure(kind)
            : info.st_mode & S_IFMT != S_IFREG ? notARegularFile(kind) : nil
        if let problem {
            SystemIO.close(descriptor)
            throw problem
        }
        if creating, info.st_size == 0 { giveToTheCacheOwner(descriptor, info) }
        // Not a blocking flock: a holder that stopped would stop this run too, inside SQLite's write
        // lock when folding. Polled every millisecond up to `lockTimeout`.
        var waited = 0.0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, waited < lockTimeout else {
                let error = errno == EWOULDBLOCK
                    ? FileError(path: path, kind: kind, reason: "another planfit process has held it for \(Int(lockTimeout)) seconds; try again")
                    : failure(kind)
                SystemIO.close(descriptor)
                throw error
            }
            usleep(1_000)
            waited += 0.001
        }
        return descriptor
    }

    /// Run as root on a cache another user owns, a journal root creates gets the cache's owner, as
    /// SQLite gives its -wal and -shm files: a root-owned journal would lock the owner out of it.
    private func giveToTheCacheOwner(_ descriptor: Int32, _ journal: stat) {
        guard geteuid() == 0 else { return }
        var cache = stat()
        guard stat(cachePath, &cache) == 0, cache.st_uid != journal.st_uid || cache.st_gid != journal.st_gid else { return }
        _ = fchown(descriptor, cache.st_uid, cache.st_gid)
    }

    /// Whether the file starts as every journal does (its first frame's `PFJ1`).
    private func startsWithMagic(_ descriptor: Int32) -> Bool {
        var head = [UInt8](repeating: 0, count: RunJournalFrame.magic.count)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, 0) }
        return count == head.count && head == RunJournalFrame.magic
    }

    private func notAJournal(_ kind: FileError.Kind) -> FileError {
        FileError(path: path, kind: kind, reason: "it is not planfit's run journal (it does not start with PFJ1), and planfit "
            + "keeps the history rows of quick runs at this name; move it away (nothing in it was changed)")
    }

    private func notARegularFile(_ kind: FileError.Kind) -> FileError {
        FileError(path: path, kind: kind, reason: "it is not a regular file (planfit keeps the history rows of quick runs there); "
            + "remove it to let planfit create the file")
    }

    private func failure(_ kind: FileError.Kind) -> FileError {
        FileError(path: path, kind: kind, reason: String(cString: strerror(errno)))
    }
}
