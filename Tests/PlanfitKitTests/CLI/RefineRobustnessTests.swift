import Foundation
import Testing

/// Many processes on one cache, and cache files that cannot be used.
@Suite struct RefineRobustnessTests {
    typealias R = CraftedReplay

    @Test func eightProcessesOnOneNewCacheAllSucceed() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("shared.sqlite")
        #expect(!FileManager.default.fileExists(atPath: cache))
        let before = try R.inputBytes()
        let results = runAtOnce(8) { _ in
            Result { try CLI.run(R.arguments("refine-fixed"), environment: ["PLANFIT_CACHE": cache], currentDirectory: CLI.packageRoot) }
        }
        #expect(try R.inputBytes() == before)
        var outputs = Set<String>()
        for (index, result) in results.enumerated() {
            let r = try result.get()
            #expect(r.status == 0, "process \(index): \(r.stderr)")
            #expect(!r.stderr.localizedCaseInsensitiveContains("database is locked"), "process \(index): \(r.stderr)")
            #expect(!r.stderr.contains("warning"), "process \(index): \(r.stderr)")
            outputs.insert(r.stdout)
        }
        #expect(outputs.count == 1, "every process printed the same report")

        let stats = try RefineCacheTests.stats(cache)
        #expect(stats["entries"] as? Int == 1)
        #expect(stats["runs"] as? Int == 8, "every run is in the history")
        let offline = try R.run(["refine", R.plan, "--team", R.team, "--offline"], cache: cache)
        #expect(offline.status == 0)
        #expect(outputs.contains(offline.stdout))
    }

    @Test func aTextFileAsTheCacheExits74NamingTheFileAndTheFix() throws {
        let dir = try TemporaryDirectory()
        let cache = try dir.write("cache.sqlite", "# My notes\n- not a cache\n")
        let r = try R.run(R.arguments("refine-fixed"), cache: cache)
        #expect(r.status == 74)
        #expect(r.stderr.contains("planfit: error: \(cache) is not an SQLite database"))
        #expect(r.stderr.contains("move it away or run `planfit cache clear` to start an empty cache"))
        #expect(r.stdout.isEmpty)
        #expect(try String(contentsOfFile: cache, encoding: .utf8) == "# My notes\n- not a cache\n", "the file is left alone")
    }

    @Test(arguments: [100, 5000, 20000])
    func aTruncatedCacheExits74(_ size: Int) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        #expect(try R.run(R.arguments("refine-fixed"), cache: cache).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: cache))
        #expect(data.count > size)
        try data.prefix(size).write(to: URL(fileURLWithPath: cache))

        let r = try R.run(R.arguments("refine-fixed"), cache: cache)
        #expect(r.status == 74)
        #expect(r.stderr.contains("planfit: error: \(cache) is "))
        #expect(r.stderr.contains("move it away or run `planfit cache clear`"))
        #expect(r.stdout.isEmpty)
    }

    @Test func aCacheWithGarbageInItsPagesExits74() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        #expect(try R.run(R.arguments("refine-fixed"), cache: cache).status == 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        // Keep the 100-byte header, scribble over every page after the first.
        for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: cache))

        let r = try R.run(R.arguments("refine-fixed"), cache: cache)
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("\(cache) is corrupt"))
    }
}
