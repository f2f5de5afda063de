import Foundation
import Testing
@testable import PlanfitKit

@Suite struct CacheLocationTests {
    @Test func planfitCacheWinsOverEverything() {
        let location = CacheLocation.resolve(
            environment: ["PLANFIT_CACHE": "/tmp/mine.sqlite", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"])
        #expect(location.path == "/tmp/mine.sqlite")
    }

    @Test func xdgCacheHomeComesNext() {
        let location = CacheLocation.resolve(environment: ["PLANFIT_CACHE": "", "XDG_CACHE_HOME": "/xdg", "HOME": "/h"])
        #expect(location.path == "/xdg/planfit/planfit.sqlite")
    }

    @Test func aRelativeXDGCacheHomeIsIgnoredAsTheSpecSays() {
        let location = CacheLocation.resolve(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"])
        #expect(location.path == "/home/u/.cache/planfit/planfit.sqlite")
    }

    @Test func theHomeCacheIsTheDefault() {
        #expect(CacheLocation.resolve(environment: ["HOME": "/home/u"]).path == "/home/u/.cache/planfit/planfit.sqlite")
        #expect(
            CacheLocation.resolve(environment: [:], homeDirectory: "/Users/x").path
                == "/Users/x/.cache/planfit/planfit.sqlite")
    }

    @Test func prepareCreatesAPrivateEmptyFileAndKeepsAnExistingOne() throws {
        let folder = try TemporaryDirectory()
        let location = CacheLocation(path: folder.path("a/b/planfit.sqlite"))
        let previous = umask(0o022)
        defer { umask(previous) }
        try location.prepare()
        #expect(try fileMode(location.path) == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: location.path)[.size] as? NSNumber == 0)

        try "kept".write(toFile: location.path, atomically: false, encoding: .utf8)
        try location.prepare()
        #expect(try String(contentsOfFile: location.path, encoding: .utf8) == "kept")
    }

    @Test func theClearCommandNamesAChosenFileQuotedForTheShell() {
        #expect(CacheLocation(path: "/tmp/c.sqlite").clearCommand == "planfit cache clear --cache /tmp/c.sqlite")
        #expect(CacheLocation(path: "/tmp/it's mine.sqlite").clearCommand
            == #"planfit cache clear --cache '/tmp/it'\''s mine.sqlite'"#)
    }

    @Test func errorsFromAChosenFileRecommendClearingThatFile() throws {
        let folder = try TemporaryDirectory()
        let location = CacheLocation(path: folder.path("text.sqlite"))
        try "not sqlite".write(toFile: location.path, atomically: true, encoding: .utf8)
        let error = thrownError {
            try location.namingThisFileInErrors { _ = try SQLiteResultStore(path: location.path) }
        }
        let description = (error as? SQLiteError)?.description ?? ""
        #expect(description.contains("run `planfit cache clear --cache \(location.path)`"))
        #expect((thrownError { _ = try SQLiteResultStore(path: location.path) } as? SQLiteError)?.description
            .contains("run `planfit cache clear` to start") == true)
    }

    @Test func sideFilesLeftWithAnotherModeAreMadePrivate() throws {
        let folder = try TemporaryDirectory()
        let location = CacheLocation(path: folder.path("cache.sqlite"))
        for (file, mode) in zip(location.sideFiles, [0o644, 0o600, 0o400, 0o640] as [mode_t]) {
            try folder.write(PathText.lastComponent(file), "")
            chmod(file, mode)
        }
        location.restrictSideFiles()
        for file in location.sideFiles {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(file)")
        }
        try FileManager.default.removeItem(atPath: location.sideFiles[0])
        location.restrictSideFiles()
        #expect(!FileManager.default.fileExists(atPath: location.sideFiles[0]), "a missing side file is not created")
    }
}
