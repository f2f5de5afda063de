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

/// Where the cache database lives (docs/cache-schema.md): `$PLANFIT_CACHE`, else
/// `$XDG_CACHE_HOME/planfit/planfit.sqlite`, else `~/.cache/planfit/planfit.sqlite`.
///
/// Its existence checks are one `stat` each (`FileKind`), not `FileManager`, whose set-up alone costs
/// a cache hit ~40 µs: every run that opens the cache makes them.
public struct CacheLocation: Equatable, Sendable {
    public static let fileName = "planfit.sqlite"

    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// The cache path for an environment. `homeDirectory` defaults to `$HOME`, then the account's home.
    public static func resolve(environment: [String: String], homeDirectory: String? = nil) -> CacheLocation {
        resolve(variable: { environment[$0] }, homeDirectory: homeDirectory)
    }

    /// The cache path with each variable looked up by `variable` (`ProcessEnvironment.value`: three
    /// `getenv` calls rather than a copy of the environment).
    public static func resolve(variable: (String) -> String?, homeDirectory: String? = nil) -> CacheLocation {
        if let explicit = variable("PLANFIT_CACHE"), !explicit.isEmpty {
            return CacheLocation(path: explicit)
        }
        // The XDG spec says to ignore a relative XDG_CACHE_HOME.
        if let cacheHome = variable("XDG_CACHE_HOME"), cacheHome.hasPrefix("/") {
            return CacheLocation(path: join(cacheHome, "planfit", fileName))
        }
        let home = homeDirectory ?? variable("HOME").flatMap { $0.isEmpty ? nil : $0 } ?? SystemIO.homeDirectory()
        return CacheLocation(path: join(home, ".cache", "planfit", fileName))
    }

    /// The files that belong to the database: SQLite's in WAL mode, and planfit's run journal
    /// (`RunJournal`: history rows not yet moved into the file).
    public var sideFiles: [String] { [path + "-wal", path + "-shm", path + "-journal", RunJournal(cachePath: path).path] }

    /// Creates the parent folder (0700) and an empty database file readable only by the user (0600) when
    /// they are missing. The file is created here, before SQLite opens it, because SQLite would create it
    /// with the umask's mode (usually world-readable), and cached plans are private.
    public func prepare() throws {
        let folder = PathText.parent(path)
        if !folder.isEmpty, FileKind.of(folder) == .missing {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw FileError(path: folder, kind: .unwritable, reason: "cannot create the cache folder (\(FileError.reason(error)))")
            }
        }
        // Only a missing file is created, and with O_EXCL only once: closing a descriptor drops every
        // POSIX lock this process holds on the file, so opening and closing an existing cache here
        // would pull the locks from under another thread's SQLite connection to it ("disk I/O error").
        if FileKind.of(path) != .missing { return }
        let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }  // another thread or process created it just now
            throw FileError(path: path, kind: .unwritable, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    /// True when the file exists but it or its folder may not be written by this process (SQLite
    /// writes the -wal and -shm files next to it): then planfit opens it read-only.
    public var isReadOnlyForThisUser: Bool {
        guard FileKind.of(path) != .missing else { return false }
        let folder = PathText.parent(path)
        return access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
    }

    /// Restricts an existing cache that others may read (made by an older planfit, copied in, or
    /// created under a loose umask) to 0600: it holds plans. Returns a warning when that fails.
    public func restrictMode() -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        guard chmod(path, 0o600) == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            return "could not restrict \(path) to mode 0600 (it is \(mode): \(String(cString: strerror(errno)))): "
                + "other users may read the cached plans; fix it with `chmod 600 \(path)`"
        }
        return nil
    }

    /// Gives the WAL side files the database's private mode. SQLite already copies the database file's
    /// mode to them; this covers side files left behind by an older run or another tool. Only a file
    /// whose mode differs is changed: every run opening the cache comes here, and a `chmod` writes the
    /// inode even when the mode stays the same.
    public func restrictSideFiles() {
        for file in sideFiles {
            var info = stat()
            if stat(file, &info) == 0, info.st_mode & 0o777 != 0o600 { chmod(file, 0o600) }
        }
    }

    public static let defaultClearCommand = "planfit cache clear"

    /// The `planfit cache clear` invocation that clears this file when it was chosen with `--cache`,
    /// quoted for a POSIX shell, so an error message never points at a different cache.
    public var clearCommand: String {
        let plain = path.unicodeScalars.allSatisfy {
            $0.isASCIIAlphanumeric || "_./-+=@%:,".unicodeScalars.contains($0)
        }
        let quoted = plain && !path.isEmpty ? path : "'" + path.replacingAll("'", with: #"'\''"#) + "'"
        return "\(Self.defaultClearCommand) --cache \(quoted)"
    }

    /// Rewrites the recovery advice in cache errors thrown by `body` to `clearCommand`.
    public func namingThisFileInErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as SQLiteError {
            error.clearCommand = clearCommand
            throw error
        } catch var error as SQLiteSchemaTooNewError {
            error.clearCommand = clearCommand
            throw error
        } catch var error as CacheContentError {
            error.clearCommand = clearCommand
            throw error
        }
    }

    private static func join(_ parts: String...) -> String {
        parts.dropFirst().reduce(parts[0]) { PathText.join($0, $1) }
    }
}
