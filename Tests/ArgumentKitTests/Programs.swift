import Foundation

/// Runs the shells and linters the generator tests check their output with, and installs a missing
/// one with apt-get when it can (once per test run; a second test asking waits for the first).
enum Programs {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The program's path on $PATH, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `program` on $PATH, installing Debian's `package` for it first when it is missing.
    /// Nil when neither worked (no apt-get, not root, no package lists reachable).
    static func ensure(_ program: String, package: String) -> String? {
        installLock.withLock {
            if let found = find(program) { return found }
            guard !failedPackages.contains(package), let aptGet = find("apt-get") else { return nil }
            let install = [aptGet, "-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", package]
            var result = try? run(install, environment: ["DEBIAN_FRONTEND": "noninteractive"])
            if result?.status != 0 {
                // A fresh machine has no package lists yet.
                _ = try? run([aptGet, "-o", "DPkg::Lock::Timeout=300", "update", "-qq"])
                result = try? run(install, environment: ["DEBIAN_FRONTEND": "noninteractive"])
            }
            if result?.status != 0 { failedPackages.insert(package) }
            return find(program)
        }
    }

    nonisolated(unsafe) private static var failedPackages = Set<String>()
    private static let installLock = NSLock()

    /// Runs `arguments` (the program first, by path) and waits for it; standard input is empty.
    static func run(_ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil,
                    stdin: String = "") throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        // Standard error goes to a file: two pipes read one after the other could fill and stall.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("argumentkit-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = errorHandle
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let stderr = (try? Data(contentsOf: errorFile)) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A new empty folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("argumentkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
