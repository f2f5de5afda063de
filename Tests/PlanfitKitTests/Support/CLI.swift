import Foundation
import Testing

/// Runs the built `planfit` executable the way a user would, for end-to-end tests.
struct CLI {
    /// Starts planfit without waiting for it (output discarded), with the cache `cache`; `stdin` keeps
    /// its standard input open, so a run reading it waits there.
    static func start(_ arguments: [String], cache: String, stdin: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PLANFIT_CACHE": cache, "NO_COLOR": "1"]) { $1 }
        if let stdin { process.standardInput = stdin }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A run that waits is listed as running before it waits: once the history shows it, `run` is
    /// killed outright (SIGKILL: no handler runs) and the history must list it as interrupted, with no
    /// exit status and no duration. Returns that `planfit history`.
    @discardableResult
    static func expectListedAsRunningThenInterrupted(_ run: Process, cache: String) throws -> Result {
        var running = ""
        for _ in 0..<50 where !running.contains("\"running\"") {
            Thread.sleep(forTimeInterval: 0.1)
            running = (try? CLI.run(["history", "--format", "json"], environment: ["PLANFIT_CACHE": cache]))?.stdout ?? ""
        }
        #expect(running.contains("\"outcome\" : \"running\"") || running.contains("\"outcome\": \"running\""), "\(running)")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let history = try CLI.run(["history"], environment: ["PLANFIT_CACHE": cache])
        #expect(history.stdout.contains(" refine   interrupted     -     -  none "), "\(history.stdout)")
        return history
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["PLANFIT_BIN"] { return URL(fileURLWithPath: path) }
        // The test bundle sits next to the executable in the build products folder.
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("planfit"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("planfit"),
            packageRoot.appendingPathComponent(".build/debug/planfit"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    static func fixture(_ path: String) -> String {
        packageRoot.appendingPathComponent("fixtures").appendingPathComponent(path).path
    }

    /// Any program, with the environment planfit's tests run planfit in (no colour, a fresh cache).
    @discardableResult
    static func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                           currentDirectory: URL? = nil, stdin: String? = nil) throws -> Result {
        try run(arguments, environment: environment, currentDirectory: currentDirectory, stdin: stdin,
                executable: URL(fileURLWithPath: path))
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil,
                    stdin: String? = nil, shell: Bool = false, executable other: URL? = nil) throws -> Result {
        let process = Process()
        // `shell` runs the arguments with /bin/sh (`-c COMMAND`), for commands documented as shell lines;
        // `other` runs another program (util-linux `script`, for a terminal) with planfit's environment.
        process.executableURL = other ?? (shell ? URL(fileURLWithPath: "/bin/sh") : executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Tests never reach for a real server or the user's cache unless they say so.
        env["PLANFIT_CACHE"] = env["PLANFIT_TEST_CACHE"] ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("planfit-test-\(UUID().uuidString).sqlite").path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary folder removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("planfit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
