import Foundation
import Testing
@testable import PlanfitKit

/// Issue 9 item 5: a key a server echoes (split across two stream events in an answer, and whole in an
/// error body) ends up in no file planfit writes: cache, cassettes, the -o plan.
@Suite struct SecretsNeverStoredTests {
    static let key = "sk-live-5ecret-Key-0123456789abcdefXYZ"

    /// Starts scripts/fake-model-server with `scenario` and waits until it answers.
    func startServer(_ dir: TemporaryDirectory, _ name: String, _ scenario: JSONValue) throws -> (Process, String) {
        let file = try dir.write(name, scenario.canonicalText)
        let server = try ScriptServer("fake-model-server", [file])
        return (server.process, server.url)
    }

    /// The crafted refine-grounded answer with the key in the plan's intro, placed across the fake
    /// server's 37-character event boundary, so no single event holds it.
    func answerEchoingTheKey() throws -> String {
        let path = CLI.fixture("cassettes/crafted/refine-grounded/scenario.json.txt")
        let scenario = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: path)))
        let content = try #require(scenario["answers"]?.arrayValue?.first?["content"]?.stringValue)
        let anchor = "retire the legacy PHP flow"
        let range = try #require(content.range(of: anchor))
        let end = content.unicodeScalars.distance(from: content.startIndex, to: range.upperBound)
        let lead = " (token "
        let pad = ((30 - (end + lead.count)) % 37 + 37) % 37
        let inserted = lead + String(repeating: "x", count: pad) + Self.key + ")"
        #expect((end + lead.count + pad) % 37 == 30, "the key starts 7 characters before an event boundary")
        return content.replacingCharacters(in: range, with: anchor + inserted)
    }

    @Test func aKeyEchoedByTheServerIsInNoFilePlanfitWrote() throws {
        let dir = try TemporaryDirectory()
        let environment = ["PLANFIT_API_KEY": Self.key, "PLANFIT_CACHE": dir.path("cache.sqlite"),
                           "XDG_CONFIG_HOME": dir.path("config")]
        let plan = CLI.fixture("plans/checkout-v2.md"), team = CLI.fixture("teams/payments.yaml")

        let (answering, url) = try startServer(dir, "answer.json", ["model": "fake-planner", "answers": [["content": .string(try answerEchoingTheKey())]]])
        defer { stopServer(answering) }
        let first = try CLI.run(["refine", plan, "--team", team, "--server", url, "--api", "openai",
                                 "--record", dir.path("cassettes"), "-o", dir.path("adapted.md")], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("REDACTED)"), "the report showed the changed line, key redacted: \(first.stdout)")

        let (failing, failingURL) = try startServer(dir, "error.json", ["model": "fake-planner", "answers": [
            ["status": 400, "error": ["error": ["message": .string("invalid request for key \(Self.key)"), "type": "invalid_request_error"]]],
        ]])
        defer { stopServer(failing) }
        let second = try CLI.run(["refine", plan, "--team", team, "--server", failingURL, "--api", "openai", "--no-cache",
                                  "--record", dir.path("cassettes-error")], environment: environment)
        #expect(second.status == 65, "\(second.stderr)")
        #expect(second.stderr.contains("invalid request for key REDACTED"), "\(second.stderr)")

        // Every file planfit wrote: the cache (and any -wal left), both cassette folders, the -o plan.
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.url.path)
            .map { dir.path($0) }
            .filter { !$0.hasSuffix(".json") || $0.contains("cassettes") }
            .filter { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue }
        #expect(files.contains(dir.path("cache.sqlite")) && files.contains(dir.path("adapted.md")))
        #expect(files.contains(dir.path("cassettes/planfit.json")) && files.contains(dir.path("cassettes-error/planfit.json")))
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "\(file) holds the key")
        }
        for cassette in ["cassettes/planfit.json", "cassettes-error/planfit.json"] {
            let text = try String(contentsOfFile: dir.path(cassette), encoding: .utf8)
            #expect(text.contains("REDACTED"), "\(cassette): the key was there and was redacted")
            #expect(try FileManager.default.attributesOfItem(atPath: dir.path(cassette))[.posixPermissions] as? Int == 0o600)
        }
        let history = try CLI.run(["history", "--format", "json"], environment: environment)
        #expect(history.stdout.contains("invalid request for key REDACTED"), "\(history.stdout)")
        #expect(try String(contentsOfFile: dir.path("adapted.md"), encoding: .utf8).contains("REDACTED"))
    }
}
