import Foundation
import Testing

/// Runs every command documented in fixtures/cassettes/README.md ("Replaying each folder") exactly as
/// written, through `/bin/sh` from the package root with the built planfit first on PATH, and checks
/// the documented exit status with a fresh cache, with the cache the first run filled, and with no
/// cache named at all (then the user's default cache must not even be created).
@Suite struct DocumentedReplayTests {
    struct Entry: CustomStringConvertible {
        var command: String
        var exit: Int32
        var description: String { command }
    }

    static var readme: URL { CLI.packageRoot.appendingPathComponent("fixtures/cassettes/README.md") }

    /// The rows of the README's table: `| folder | `command` | exit |`.
    static func entries() throws -> [Entry] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let section = text.components(separatedBy: "## Replaying each folder").dropFirst().first else { return [] }
        let body = section.components(separatedBy: "\n## ").first ?? section
        return body.split(separator: "\n").compactMap { line -> Entry? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, cells[2].hasPrefix("`planfit "), cells[2].hasSuffix("`"), let exit = Int32(cells[3]) else { return nil }
            return Entry(command: String(cells[2].dropFirst().dropLast()), exit: exit)
        }
    }

    static func shell(_ command: String, environment: [String: String]) throws -> CLI.Result {
        let bin = CLI.executable.deletingLastPathComponent().path
        var env = environment
        env["PATH"] = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try CLI.run(["-c", command], environment: env, currentDirectory: CLI.packageRoot, shell: true)
    }

    @Test func theReadmeDocumentsACommandForEveryCassetteFolder() throws {
        let entries = try Self.entries()
        let root = CLI.packageRoot.appendingPathComponent("fixtures/cassettes")
        var folders: [String] = []
        for group in ["crafted", "litellm", "llama-server", "ollama"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(group).path)
            if group == "crafted" {
                folders += names.map { "fixtures/cassettes/crafted/\($0)" }
            } else {
                folders.append("fixtures/cassettes/\(group)")
            }
        }
        for folder in folders {
            #expect(entries.contains { $0.command.contains("--replay \(folder)") || $0.command.contains("--replay \(folder) ") },
                    "no documented command replays \(folder)")
        }
        #expect(entries.count >= folders.count)
    }

    @Test(arguments: try DocumentedReplayTests.entries())
    func aDocumentedCommandReplaysWithAFreshAndAFilledCache(_ entry: Entry) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let environment = ["PLANFIT_CACHE": cache, "TMPDIR": dir.path("tmp")]
        try FileManager.default.createDirectory(atPath: dir.path("tmp"), withIntermediateDirectories: true)
        let fresh = try Self.shell(entry.command, environment: environment)
        #expect(fresh.status == entry.exit, "fresh cache: \(fresh.stderr)")
        let filled = try Self.shell(entry.command, environment: environment)
        #expect(filled.status == entry.exit, "filled cache: \(filled.stderr)")
        // A cache hit prints what the first run printed (batch's summary names hit or miss per plan).
        if !entry.command.hasPrefix("planfit batch") {
            #expect(filled.stdout == fresh.stdout)
        }

        // With no cache named, a replay leaves the user's default cache alone: not even created.
        let home = dir.path("home")
        let unnamed = try Self.shell(entry.command, environment: ["PLANFIT_CACHE": "", "XDG_CACHE_HOME": home, "HOME": home,
                                                                  "TMPDIR": dir.path("tmp")])
        #expect(unnamed.status == entry.exit, "no cache named: \(unnamed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/planfit/planfit.sqlite"), "a replay created the default cache")
        #expect(!unnamed.stderr.contains("answered from the cache"))
        if !entry.command.hasPrefix("planfit batch") {
            #expect(unnamed.stdout == fresh.stdout)
        }
    }

    /// The bug this guards against: with the default cache, replaying one crafted cassette after
    /// another answered every later one from the first one's cached answer.
    @Test func differentCraftedCassettesReplayedInTurnEachGiveTheirOwnAnswer() throws {
        let dir = try TemporaryDirectory()
        let home = dir.path("home")
        var outputs: [String: String] = [:]
        for scenario in ["refine-fixed", "refine-worse", "refine-unusable"] {
            let r = try CLI.run(CraftedReplay.arguments(scenario, ["--fallback", "none", "--format", "json"]),
                                environment: ["PLANFIT_CACHE": "", "XDG_CACHE_HOME": home, "HOME": home],
                                currentDirectory: CLI.packageRoot)
            #expect(!r.stderr.contains("answered from the cache"), "\(scenario): \(r.stderr)")
            outputs[scenario] = r.stdout + r.stderr
        }
        #expect(Set(outputs.values).count == 3, "each cassette gives its own answer")
        #expect(!FileManager.default.fileExists(atPath: home + "/planfit/planfit.sqlite"))
    }
}
