import Foundation
import Testing
@testable import PlanfitKit

/// Many planfit processes share one cache: every writer must succeed, none may see "database is locked".
@Suite struct StoreConcurrencyTests {
    /// Runs `body(index)` on `count` threads started together; returns the errors they threw.
    private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
        let errors = MessageLog()
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    try body(index)
                } catch {
                    errors.append("thread \(index): \(error)")
                }
            }
            thread.start()
        }
        group.wait()
        return errors.messages
    }

    @Test func writersOnSeparateConnectionsAllSucceed() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("shared.sqlite")
        let writers = 8
        let rowsEach = 150
        // Every thread opens its own connection to a file that does not exist yet, so creating the file,
        // switching it to WAL and migrating it race as well.
        let errors = onThreads(writers) { writer in
            let store = try SQLiteResultStore(path: path)
            for row in 0..<rowsEach {
                try store.save(sampleAnswer(key: "w\(writer)-r\(row)"))
                _ = try store.recordRun(sampleRun(startedAt: Date(), output: "writer \(writer) row \(row)\n"))
            }
        }
        #expect(errors == [])
        let store = try SQLiteResultStore(path: path)
        let stats = try store.stats()
        #expect(stats.entries == writers * rowsEach)
        #expect(stats.runs == writers * rowsEach)
        let ids = try store.recentRuns(limit: writers * rowsEach).compactMap(\.id)
        #expect(Set(ids).count == writers * rowsEach)
    }

    @Test func oneConnectionSharedByThreadsKeepsTransactionsApart() throws {
        let folder = try TemporaryDirectory()
        let store = try SQLiteResultStore(path: folder.path("shared.sqlite"))
        let errors = onThreads(4) { writer in
            for row in 0..<100 {
                let id = try store.recordRun(sampleRun(startedAt: Date(), output: "\(writer)/\(row)"))
                // The id must be this thread's own insert, not another thread's.
                guard try store.run(id: id)?.output == "\(writer)/\(row)" else {
                    throw CocoaError(.featureUnsupported, userInfo: ["why": "run \(id) is not \(writer)/\(row)"])
                }
            }
        }
        #expect(errors == [])
        #expect(try store.stats().runs == 400)
    }

    @Test func readersAndWritersInterleave() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("shared.sqlite")
        try SQLiteResultStore(path: path).save(sampleAnswer(key: "seed"))
        let errors = onThreads(6) { index in
            let store = try SQLiteResultStore(path: path)
            for row in 0..<100 {
                if index.isMultiple(of: 2) {
                    try store.save(sampleAnswer(key: "t\(index)-\(row)"))
                } else {
                    guard try store.lookup(key: "seed") != nil else {
                        throw CocoaError(.fileReadUnknown, userInfo: ["why": "seed answer missing"])
                    }
                    _ = try store.stats()
                }
            }
        }
        #expect(errors == [])
        #expect(try SQLiteResultStore(path: path).stats().entries == 301)
    }

    /// Real processes: several `planfit cache prune` processes (each a writer: BEGIN IMMEDIATE + DELETE)
    /// race with in-process writers on a cache file that does not exist yet.
    @Test func planfitProcessesAndThreadsWriteOneCacheAtOnce() throws {
        let binary = CLI.executable
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the planfit executable first (swift build --build-tests)")
        let folder = try TemporaryDirectory()
        let path = folder.path("shared.sqlite")
        let processCount = 8
        let rounds = 3

        let failures = MessageLog()
        let processes = DispatchGroup()
        for index in 0..<processCount {
            processes.enter()
            Thread {
                defer { processes.leave() }
                for round in 0..<rounds {
                    let process = Process()
                    process.executableURL = binary
                    process.arguments = ["cache", "prune", "--older-than", "520w", "--cache", path]
                    let stderr = Pipe()
                    process.standardError = stderr
                    process.standardOutput = Pipe()
                    do {
                        try process.run()
                        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                        process.waitUntilExit()
                        if process.terminationStatus != 0 || !message.isEmpty {
                            failures.append("process \(index) round \(round): exit \(process.terminationStatus) \(message)")
                        }
                    } catch {
                        failures.append("process \(index): could not start: \(error)")
                    }
                }
            }.start()
        }
        let threadErrors = onThreads(4) { writer in
            let store = try SQLiteResultStore(path: path)
            for row in 0..<200 {
                try store.save(sampleAnswer(key: "p\(writer)-\(row)"))
            }
        }
        processes.wait()
        #expect(threadErrors == [])
        #expect(failures.messages == [])
        #expect(try SQLiteResultStore(path: path).stats().entries == 800)
    }
}
