import Foundation
import Testing

/// A helper server from scripts/ (`fake-model-server SCENARIO`, `hostile-model-server MODE`) on a port
/// the system picks: the script gets port 0 as its last argument and prints the port it bound, so tests
/// running at once never collide and nothing waits on a guessed delay.
final class ScriptServer {
    let process: Process
    let url: String

    init(_ script: String, _ arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CLI.packageRoot.appendingPathComponent("scripts/\(script)").path] + arguments + ["0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let port = Self.firstLine(of: output.fileHandleForReading), Int(port) != nil else {
            stopServer(process)
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "scripts/\(script) did not start"])
        }
        url = "http://127.0.0.1:\(port)"
    }

    func stop() { stopServer(process) }

    /// The first line a process writes, read byte by byte so nothing after it is consumed.
    static func firstLine(of handle: FileHandle) -> String? {
        var line = Data()
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { return nil }
            if byte == Data("\n".utf8) { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }
}

/// Stops a helper server for good. Processes the test runner starts inherit its signal mask, in which
/// SIGTERM is blocked, so `terminate()` would leave them running; SIGKILL cannot be blocked.
func stopServer(_ process: Process) {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}
