import Foundation
import Testing
@testable import PlanfitKit

/// Issue 9: escape sequences in a plan (OSC title, OSC 8 hyperlink, CSI clear screen, C1 CSI, bidi
/// override) reach the terminal only as visible escapes in text output; JSON escapes them as JSON does;
/// a patch keeps the plan's bytes.
@Suite struct TerminalSafetyTests {
    let team = CLI.fixture("teams/payments.yaml")
    static let hostileTitle = "Pay \u{1B}]0;owned\u{07}\u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\ \u{1B}[2J now\u{9B}31m \u{202E}cod.exe"
    static let shownTitle = #"Pay \x1b]0;owned\x07\x1b]8;;https://evil.example\x1b\link\x1b]8;;\x1b\ \x1b[2J now\u{9b}31m \u{202e}cod.exe"#

    /// No byte of the output can start a control sequence or reorder text.
    func expectInert(_ text: String, _ comment: Comment? = nil) {
        let unsafe = text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
                || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
        #expect(unsafe.isEmpty, comment)
    }

    @Test func checkTextShowsEscapesAndJSONEscapesThem() throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("hostile.md", "# Launch\n- \(Self.hostileTitle) @carla ~1d\n")
        let text = try CLI.run(["check", plan, "--team", team])
        #expect(text.status == 1)
        expectInert(text.stdout)
        #expect(text.stdout.contains("'\(Self.shownTitle)' is assigned to @carla"))

        let json = try CLI.run(["check", plan, "--team", team, "--format", "json"])
        #expect(json.status == 1)
        expectInert(json.stdout)
        #expect(json.stdout.contains(#"\u001b]0;owned\u0007"#) && json.stdout.contains(#"\u009b31m \u202ecod.exe"#))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let findings = parsed["findings"] as! [[String: Any]]
        #expect(findings.contains { $0["task"] as? String == Self.hostileTitle }, "JSON keeps the original text")
    }

    @Test func errorMessagesOnStderrAreInert() throws {
        let dir = try TemporaryDirectory()
        let plan = try dir.write("bad.md", "- Task (due \u{1B}]0;owned\u{07}\u{202E})\n")
        let r = try CLI.run(["check", plan, "--team", team])
        #expect(r.status == 65)
        expectInert(r.stderr)
        #expect(r.stderr.contains(#"'\x1b]0;owned\x07\u{202e}' is not a due date"#))
        // YAML's own escapes put the controls into the profile.
        let profile = try dir.write("team.yaml", "team: T\nroles:\n  lead: {owns: [x]}\nmembers:\n  - handle: ana\n    role: \"\\e]0;x\\a\\u202E\"\n")
        let p = try CLI.run(["check", try dir.write("ok.md", "- T @ana ~1d\n"), "--team", profile])
        #expect(p.status == 65)
        expectInert(p.stderr)
        #expect(p.stderr.contains(#"role '\x1b]0;x\x07\u{202e}' is not defined"#))
        let named = try dir.write("named.yaml", "team: \"Pay\\e[2J\\x9b\"\nmembers:\n  - handle: ana\n")
        let n = try CLI.run(["check", try dir.write("ok2.md", "- T @ana ~1d\n"), "--team", named])
        #expect(n.status == 0)
        expectInert(n.stdout)
        #expect(n.stdout.contains(#"against team "Pay\x1b[2J\u{9b}""#))
    }

    @Test func diffTextIsInertAndPatchKeepsTheBytes() throws {
        let dir = try TemporaryDirectory()
        let old = try dir.write("old.md", "# Plan\r\n- Ship @ana ~1d\r\n")
        let new = try dir.write("new.md", "# Plan\r\n- \(Self.hostileTitle) @ana ~2d\r\n")
        let tasks = try CLI.run(["diff", "--tasks", old, new])
        #expect(tasks.status == 0)
        expectInert(tasks.stdout)
        #expect(tasks.stdout.contains(Self.shownTitle))
        let tasksJSON = try CLI.run(["diff", "--tasks", old, new, "--format", "json"])
        expectInert(tasksJSON.stdout)
        #expect(tasksJSON.stdout.contains(#"\u202ecod.exe"#))

        let lines = try CLI.run(["diff", old, new])
        #expect(lines.status == 0)
        expectInert(lines.stdout.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(lines.stdout.contains("+- \(Self.shownTitle) @ana ~2d\r\n"), "CRLF stays, escapes are shown")

        let patch = try CLI.run(["diff", old, new, "--format", "patch"])
        #expect(patch.status == 0)
        #expect(patch.stdout.contains("+- \(Self.hostileTitle) @ana ~2d\r\n"), "a patch keeps every byte so it applies")
    }

    /// A cassette in `dir` answering `GET /v1/models` with `status` and `body`, as a hostile server would.
    /// `/props` (llama.cpp's extra endpoint) is not found, as on other OpenAI-compatible servers.
    func serverCassette(_ dir: TemporaryDirectory, status: Int, contentType: String, body: String) throws -> String {
        func exchange(_ path: String, _ status: Int, _ contentType: String, _ body: String) -> JSONValue {
            ["request": ["body": .null, "method": "GET", "path": .string(path)],
             "response": ["chunks": .array([.string(body)]), "headers": ["content-type": .string(contentType)], "status": .int(status)]]
        }
        let exchanges = [exchange("/v1/models", status, contentType, body),
                         exchange("/props", 404, "application/json", #"{"error": "not found"}"#)]
        try dir.write("cassettes/server.json", JSONValue.object(["planfit_cassette": 1, "exchanges": .array(exchanges)]).prettyText)
        return dir.path("cassettes")
    }

    @Test func aServersErrorPageAndModelNamesAreInert() throws {
        let dir = try TemporaryDirectory()
        let page = "<html><title>Bad \u{1B}]0;owned\u{07} gateway</title><body>\u{1B}[2J\u{9B}31m \u{202E}gnp.exe</body></html>"
        let denied = try serverCassette(dir, status: 401, contentType: "text/html", body: page)
        let r = try CLI.run(["models", "--replay", denied, "--server", "http://127.0.0.1:8080", "--api", "openai"])
        #expect(r.status == 69, "\(r.stderr)")
        expectInert(r.stderr)
        // An HTML error page is reported by its title (issue 9 item 7), sanitised.
        #expect(r.stderr.contains(#"HTTP 401: an HTML page titled "Bad \x1b]0;owned\x07 gateway""#))

        let other = try TemporaryDirectory()
        let list = #"{"object": "list", "data": [{"id": "evil\u001b]8;;https://x.example\u0007model\u202e", "object": "model"}]}"#
        let models = try serverCassette(other, status: 200, contentType: "application/json", body: list)
        let text = try CLI.run(["models", "--replay", models, "--server", "http://127.0.0.1:8080", "--api", "openai"])
        #expect(text.status == 0, "\(text.stderr)")
        expectInert(text.stdout)
        #expect(text.stdout.contains(#"evil\x1b]8;;https://x.example\x07model\u{202e}"#))
        let json = try CLI.run(["models", "--replay", models, "--server", "http://127.0.0.1:8080", "--api", "openai", "--json"])
        #expect(json.status == 0)
        expectInert(json.stdout)
        #expect(json.stdout.contains(#"evil\u001b]8;;https://x.example\u0007model\u202e"#))
    }

    /// The crafted refine-fixed cassette with escapes in the first risk of the model's last answer, as a
    /// model would write them in its JSON answer (`\u001b`). Only the last answer is edited: a repair
    /// turn quotes the answer before it, so editing an earlier one would change a recorded request. A
    /// risk, because every report keeps the model's risks, whichever plan it shows.
    func hostileAnswerCassette(_ dir: TemporaryDirectory) throws -> String {
        let original = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/cassettes/crafted/refine-fixed/planfit.json"))
        guard case .object(var cassette) = try JSONValue.parse(original), case .array(var exchanges)? = cassette["exchanges"] else {
            throw CassetteShape()
        }
        var edited = 0
        for (e, exchange) in exchanges.enumerated().reversed() {
            guard case .object(var item) = exchange, case .object(var response)? = item["response"],
                  case .array(let chunks)? = response["chunks"] else { continue }
            let marker = #"\"risks\": [\""#
            let changed: [JSONValue] = chunks.map { chunk in
                guard edited == 0, let text = chunk.stringValue, text.contains(marker) else { return chunk }
                edited += 1
                return .string(text.replacingOccurrences(
                    of: marker, with: #"\"risks\": [\"\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m \\u202egnp "#))
            }
            response["chunks"] = .array(changed)
            item["response"] = .object(response)
            exchanges[e] = .object(item)
        }
        #expect(edited == 1, "the cassette still has a chunk that opens the risks list")
        cassette["exchanges"] = .array(exchanges)
        try dir.write("hostile-answer/planfit.json", JSONValue.object(cassette).prettyText)
        return dir.path("hostile-answer")
    }

    struct CassetteShape: Error {}

    func containsString(_ value: JSONValue, _ needle: String) -> Bool {
        switch value {
        case .string(let s): return s.contains(needle)
        case .array(let items): return items.contains { containsString($0, needle) }
        case .object(let members): return members.values.contains { containsString($0, needle) }
        default: return false
        }
    }

    @Test func aModelsEscapesAreInertInReportsAndKeptInTheCache() throws {
        let dir = try TemporaryDirectory()
        let replay = try hostileAnswerCassette(dir)
        let cache = dir.path("cache.sqlite")
        let raw = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m \u{202E}gnp"
        let shownReason = #"\x1b]0;owned\x07\x1b[2J\u{9b}31m \u{202e}gnp"#
        for format in ["text", "markdown"] {
            let r = try CraftedReplay.run(CraftedReplay.arguments("refine-fixed", replay: replay, ["--format", format]), cache: cache)
            #expect(r.status == 0, "\(r.stderr)")
            expectInert(r.stdout, "\(format)")
            expectInert(r.stderr, "\(format)")
            #expect(r.stdout.contains(shownReason), "\(format)")
        }
        let json = try CraftedReplay.run(CraftedReplay.arguments("refine-fixed", replay: replay, ["--format", "json"]), cache: cache)
        #expect(json.status == 0)
        expectInert(json.stdout)
        #expect(containsString(try JSONValue.parse(Data(json.stdout.utf8)), raw), "JSON decodes to the model's text")

        // The cache and the history keep what the model sent; `show` reprints it inert.
        let store = try SQLiteResultStore(path: cache)
        defer { store.close() }
        let runs = try store.recentRuns(limit: 3)
        let textRun = try #require(runs.last)
        #expect(textRun.output.contains(raw))
        let key = try #require(textRun.cacheKey)
        let answer = try #require(try store.lookup(key: key))
        #expect(containsString(try JSONValue.parse(Data(answer.payload.utf8)), raw))
        let id = try #require(textRun.id)
        let show = try CLI.run(["show", String(id)], environment: ["PLANFIT_CACHE": cache])
        #expect(show.status == 0)
        expectInert(show.stdout)
        #expect(show.stdout.contains(shownReason))
    }
}
