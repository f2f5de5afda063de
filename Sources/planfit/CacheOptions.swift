import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `--cache PATH`, shared by every command that reads or writes the cache.
struct CacheOptions: CommandArguments {
    var path: String?

    static var declarations: [Declaration<Self>] {
        [
            .option(\.path, name: "cache", valueName: "path", help: "The cache database (default: $PLANFIT_CACHE, else $XDG_CACHE_HOME/planfit/planfit.sqlite, else ~/.cache/planfit/planfit.sqlite).", completion: .file(extensions: ["sqlite"])),
        ]
    }

    /// True when the user named the cache (`--cache` or a non-empty `PLANFIT_CACHE`) rather than
    /// falling back to the default file. `--replay` only touches a cache named this way.
    var isExplicit: Bool {
        if path != nil { return true }
        return !(ProcessEnvironment.value("PLANFIT_CACHE") ?? "").isEmpty
    }

    var location: CacheLocation {
        path.map(CacheLocation.init(path:)) ?? .resolve(variable: ProcessEnvironment.value)
    }

    /// Opens the cache and runs `body` with it. When the file was chosen with `--cache`, error messages
    /// recommend `planfit cache clear --cache PATH`, so following them never clears another cache.
    func withStore<T>(_ body: (SQLiteResultStore) throws -> T) throws -> T {
        let location = self.location
        guard path != nil else { return try body(Self.open(location.path)) }
        return try location.namingThisFileInErrors { try body(Self.open(location.path)) }
    }

    /// Opens the store with its warnings going to stderr.
    private static func open(_ path: String) throws -> SQLiteResultStore {
        let store = try SQLiteResultStore(path: path)
        store.onWarning = { Terminal.standardError.write("planfit: warning: \($0)\n") }
        for warning in store.openingWarnings { store.onWarning(warning) }
        return store
    }
}

/// `--format text|json` for the summaries the cache commands print.
enum SummaryFormat: String, ArgumentValue, CaseIterable {
    case text, json
}
