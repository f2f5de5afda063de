import Foundation

/// Runs the config's `api_key_command` and returns what it prints: the API key, never stored by
/// planfit. Like git's credential helpers, the key then lives in whatever the user trusts (a password
/// manager, a keyring) rather than in a file planfit reads.
///
/// The command runs with `/bin/sh -c`, stdin closed. Its stdout is read up to `outputLimit` bytes and
/// must be one non-empty line (a final newline is dropped); it must end within `timeout` seconds. What it
/// printed never appears in an error message: it may be the key, or part of it.
public enum APIKeyCommand {
    public static let outputLimit = 64 << 10
    public static let timeout = 30.0

    public static func run(_ command: String, configPath: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let fail = { (reason: String) in APIKeyCommandError(configPath: configPath, reason: reason) }
        do {
            try process.run()
        } catch {
            throw fail("/bin/sh could not start (\(error.localizedDescription))")
        }
        // Read on other threads, so a command that prints a lot cannot block on a full pipe, and the
        // reader stops keeping bytes past the limit.
        let collected = BoundedCollector(limit: outputLimit)
        let errorText = BoundedCollector(limit: 2048)
        let group = DispatchGroup()
        for (pipe, sink) in [(output, collected), (errors, errorText)] {
            group.enter()
            Thread.detachNewThread {
                while true {
                    let data = pipe.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    sink.append(data)
                }
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            usleep(200_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw fail("it did not finish within \(Int(timeout)) s")
        }
        _ = group.wait(timeout: .now() + 2)
        guard process.terminationStatus == 0 else {
            let said = String(decoding: errorText.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            // stderr is for messages, not the key; still, a key a helper echoes there is redacted.
            throw fail("it exited with status \(process.terminationStatus)"
                + (said.isEmpty ? "" : " and said: \(TerminalText.sanitised(SecretRedaction.redact(String(said.prefix(300)))))"))
        }
        guard !collected.overflowed else { throw fail("it printed more than \(outputLimit) bytes; it must print only the key") }
        var key = String(decoding: collected.data, as: UTF8.self)
        if key.hasSuffix("\n") { key.removeLast() }
        if key.hasSuffix("\r") { key.removeLast() }
        guard !key.isEmpty, !key.contains("\n"), key.trimmingCharacters(in: .whitespaces) == key else {
            throw fail(key.isEmpty ? "it printed nothing; it must print the key"
                : "it printed more than one line, or spaces around the key; it must print only the key")
        }
        return key
    }

    final class BoundedCollector: @unchecked Sendable {
        let limit: Int
        private let lock = NSLock()
        private var bytes = Data()
        private var over = false
        init(limit: Int) { self.limit = limit }
        func append(_ chunk: Data) {
            lock.withLock {
                if bytes.count + chunk.count > limit { over = true; bytes.append(chunk.prefix(max(0, limit - bytes.count))) }
                else { bytes.append(chunk) }
            }
        }
        var data: Data { lock.withLock { bytes } }
        var overflowed: Bool { lock.withLock { over } }
    }
}

/// The `api_key_command` failed; the message names the config file, never what the command printed.
public struct APIKeyCommandError: PlanfitError, Equatable {
    public var configPath: String
    public var reason: String

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        "\(configPath): api_key_command failed: \(reason). Fix the command (run it in a shell: it must print only the key), "
            + "or set PLANFIT_API_KEY or OPENAI_API_KEY instead"
    }
}
