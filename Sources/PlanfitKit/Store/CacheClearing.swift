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

/// What `SQLiteResultStore.clear(at:)` did to the cache file.
public enum CacheClearOutcome: Equatable, Sendable {
    /// The cache was healthy: every answer and run was deleted.
    case emptied(answers: Int, runs: Int)
    /// The file was a damaged SQLite database or one written by a newer planfit: it was deleted and an
    /// empty cache created in its place.
    case recreated(reason: String)
    /// The file was not an SQLite database at all. It may be something the user pointed `--cache` at by
    /// mistake, so it was moved to `movedTo`, not deleted, and an empty cache created in its place.
    case replaced(movedTo: String, reason: String)
}

extension SQLiteResultStore {
    /// Empties the cache at `path`, and works even when the file is corrupt or not a database at all,
    /// which is the way out the error messages for those files point to.
    public static func clear(
        at path: String, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> CacheClearOutcome {
        let location = CacheLocation(path: path)
        let reason: String
        do {
            let store = try SQLiteResultStore(path: path, clock: clock)
            defer { store.close() }
            let removed = try store.removeAll()
            return .emptied(answers: removed.answers, runs: removed.runs)
        } catch let error as SQLiteError where error.isDamagedFile {
            reason = error.message
        } catch let error as SQLiteSchemaTooNewError {
            reason = "schema version \(error.foundVersion) is newer than this planfit's \(error.supportedVersion)"
        }

        if hasSQLiteHeader(path) {
            try removeFiles([path] + location.sideFiles)
            _ = try SQLiteResultStore(path: path, clock: clock)
            return .recreated(reason: reason)
        }
        let aside = unusedPath(path + ".not-a-database")
        do {
            try FileManager.default.moveItem(atPath: path, toPath: aside)
        } catch {
            throw FileError(path: path, kind: .unwritable, reason: "cannot move it to \(aside) (\(FileError.reason(error)))")
        }
        try removeFiles(location.sideFiles)
        _ = try SQLiteResultStore(path: path, clock: clock)
        return .replaced(movedTo: aside, reason: reason)
    }

    /// Every SQLite 3 database starts with these 16 bytes.
    private static func hasSQLiteHeader(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { SystemIO.close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { SystemIO.read(descriptor, $0.baseAddress!, 16) }
        return count == 16 && header == Array("SQLite format 3\0".utf8)
    }

    private static func removeFiles(_ paths: [String]) throws {
        for file in paths where FileManager.default.fileExists(atPath: file) {
            do {
                try FileManager.default.removeItem(atPath: file)
            } catch {
                throw FileError(path: file, kind: .unwritable, reason: "cannot delete it (\(FileError.reason(error)))")
            }
        }
    }

    private static func unusedPath(_ base: String) -> String {
        var candidate = base
        var number = 1
        while FileManager.default.fileExists(atPath: candidate) {
            number += 1
            candidate = "\(base).\(number)"
        }
        return candidate
    }
}
