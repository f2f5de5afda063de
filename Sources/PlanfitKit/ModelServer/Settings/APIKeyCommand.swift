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
        let fail = { (reason: String) in APIKeyCommandError(configPath: configPath, reason: reason) }
        let result: ShellCommand.Output
        do {
            result = try ShellCommand(command: command, outputLimit: outputLimit, errorLimit: 2048, timeout: timeout).run()
        } catch .couldNotStart(let reason) {
            throw fail("/bin/sh could not start (\(reason))")
        } catch .timedOut {
            throw fail("it did not finish within \(Int(timeout)) s")
        }
        guard result.status == 0 else {
            let said = String(decoding: result.standardError, as: UTF8.self).trimmedWhitespaceAndNewlines
            // stderr is for messages, not the key; still, a key a helper echoes there is redacted.
            throw fail("it exited with status \(result.status)"
                + (said.isEmpty ? "" : " and said: \(TerminalText.sanitised(SecretRedaction.redact(String(said.prefix(300)))))"))
        }
        guard !result.outputOverflowed else { throw fail("it printed more than \(outputLimit) bytes; it must print only the key") }
        var key = String(decoding: result.standardOutput, as: UTF8.self)
        if key.hasSuffix("\n") { key.removeLast() }
        if key.hasSuffix("\r") { key.removeLast() }
        guard !key.isEmpty, !key.contains("\n"), key.trimmedWhitespace == key else {
            throw fail(key.isEmpty ? "it printed nothing; it must print the key"
                : "it printed more than one line, or spaces around the key; it must print only the key")
        }
        return key
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
