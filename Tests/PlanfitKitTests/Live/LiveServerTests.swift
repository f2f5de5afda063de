import Foundation
import Testing

/// The live suite: planfit against a real llama.cpp llama-server with SmolLM2-135M, started by
/// `scripts/test` (which sets PLANFIT_LIVE_SERVER). A 135M model writes weak plans, so these tests
/// assert the pipeline and its contracts — structured answer parsed or a named model-output error,
/// findings before and after, diff, exit codes, cache hit, record then replay — never the text's wisdom.
@Suite(.serialized, .enabled(if: LiveServer.url != nil, "set PLANFIT_LIVE_SERVER (scripts/test does)"))
struct LiveServerTests {
    let server = LiveServer.url ?? ""
    let plan = CLI.fixture("plans/small-launch.md")
    let team = CLI.fixture("teams/payments.yaml")
    /// Small answers keep each request to seconds on 2 cores; one repair round exercises the loop.
    let sampling = ["--max-tokens", "900", "--max-repairs", "1", "--temperature", "0"]

    @Test func doctorAndModelsDescribeTheRealServer() throws {
        let doctor = try CLI.run(["doctor", "--server", server])
        #expect(doctor.status == 0, "doctor: \(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("smollm2"))
        #expect(doctor.stdout.lowercased().contains("openai"))
        let models = try CLI.run(["models", "--server", server])
        #expect(models.status == 0)
        #expect(models.stdout.contains("smollm2"))
    }

    /// The contract for one live run: whatever the small model writes, the user leaves with a plan —
    /// the model's when it is as grounded as the planner's, else the planner's — and exit 0. Returns
    /// whether the model's own plan was shown.
    @discardableResult
    func expectContract(_ r: CLI.Result, format: String) throws -> Bool {
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        guard r.status == 0 else { return false }
        if format == "json" {
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            #expect(json["findings_before"] is [Any])
            #expect(json["findings_after"] is [Any])
            #expect(json["task_diff"] is [String: Any])
            #expect(["fixed", "improved", "not-improved"].contains(json["verdict"] as? String ?? ""), "never worse than the original")
            #expect((json["findings_before"] as! [Any]).count == 3, "the small plan has 3 findings before (a role break, an unknown owner, a skill gap)")
            #expect((json["rounds"] as! [Any]).count >= 1)
            #expect((json["model"] as? [String: Any])?["model"] as? String == "smollm2")
            let source = json["source"] as? String
            #expect(source == "model" || (source == "planner" && json["fallback"] is String))
            return source == "model"
        }
        #expect(r.stdout.contains("findings before -> after: "))
        #expect(r.stdout.contains("Line diff"))
        #expect(r.stdout.contains("Task changes"))
        return !r.stdout.contains("Showing the planner's plan instead") && !r.stdout.contains("showing planfit's own planner's plan")
    }

    /// Issue 8: refine of the example plan with SmolLM2 ends with exit 0 and a written plan whose only
    /// error findings are the ones no move can fix (the Kotlin skill nobody has), each with its question.
    @Test func refineOfTheExamplePlanEndsWithAGroundedWrittenPlan() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("adapted.md")
        let example = CLI.fixture("plans/checkout-v2.md")
        let r = try CLI.run(["refine", example, "--team", team, "--server", server, "--no-cache", "--format", "json", "-o", output]
                            + sampling)
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["adapted_plan"] as? String == written)
        let errors = (json["findings_after"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
        #expect(errors.map { $0["rule"] as? String } == ["missing-skill"], "\(errors)")
        let questions = json["questions"] as? [String] ?? []
        #expect(questions.contains { $0.contains("Nobody has kotlin") }, "\(questions)")
        let grounding = try #require(json["grounding"] as? [String: Any])
        #expect(grounding["unlisted_changes"] as? Int == 0 && grounding["phantom_changes"] as? Int == 0 && grounding["estimate_cuts"] as? Int == 0)
        let minimum = try #require(grounding["planner_minimum"] as? [String: Any])
        #expect((grounding["tasks_changed"] as? Int ?? 99) <= 2 * (minimum["tasks_changed"] as? Int ?? 0))
    }

    @Test func refineEndToEndThenACacheHitWithIdenticalOutput() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let env = ["PLANFIT_CACHE": cache]
        let args = ["refine", plan, "--team", team, "--server", server, "--format", "json"] + sampling
        let first = try CLI.run(args, environment: env)
        try expectContract(first, format: "json")
        // Whether the model's plan or the planner's was shown, the run is stored and a repeat is a hit.
        let second = try CLI.run(args, environment: env)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout, "a cache hit prints byte-identical output")
        #expect(second.stderr.contains("answered from the cache"))
        let history = try CLI.run(["history", "--format", "json"], environment: env)
        #expect(history.stdout.contains("\"hit\"") && history.stdout.contains("\"miss\""))
    }

    @Test func proposeEndToEnd() throws {
        let r = try CLI.run(["propose", plan, "--team", team, "--as", "bo", "--concern", "Go is not my strongest skill",
                             "--server", server, "--no-cache"] + sampling)
        if try expectContract(r, format: "text") {
            #expect(r.stdout.contains("Note to the plan's author"))
        }
    }

    @Test func recordThenReplayWithTheServerStopped() throws {
        let port = LiveServer.sparePort
        let url = "http://127.0.0.1:\(port)"
        try LiveServer.script(["start", "--port", String(port), "--np", "1", "--ctx", "4096"])
        let dir = try TemporaryDirectory()
        let cassettes = dir.path("cassettes")
        let args = ["refine", plan, "--team", team, "--server", url, "--no-cache", "--format", "json"] + sampling
        let recorded: CLI.Result
        do {
            defer { try? LiveServer.script(["stop", "--port", String(port)]) }
            recorded = try CLI.run(args + ["--record", cassettes])
        }
        _ = try expectContract(recorded, format: "json")
        // The server is stopped now: the replay must not need it.
        #expect(try CLI.run(["models", "--server", url]).status == 69, "the recording server is really down")
        let replayed = try CLI.run(args + ["--replay", cassettes])
        #expect(replayed.status == recorded.status)
        #expect(replayed.stdout == recorded.stdout, "replay gives the same result as the recorded run")
    }

    @Test func contextOverflowIsANamedError() throws {
        let dir = try TemporaryDirectory()
        var text = "# A very long plan\n\n"
        for i in 1...700 { text += "- Task number \(i): migrate the legacy ledger table \(i) and verify the totals @bo ~1h #go\n" }
        let big = try dir.write("big.md", text)
        let args = ["refine", big, "--team", team, "--server", server, "--no-cache", "--max-tokens", "64"]
        let r = try CLI.run(args + ["--fallback", "none"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("context"), "\(r.stderr)")
        #expect(r.stderr.contains("tokens"))
        // By default the user still gets the planner's plan, and the reason the model was not used.
        let fallback = try CLI.run(args)
        #expect(fallback.status == 0, "\(fallback.stderr)")
        #expect(fallback.stdout.contains("showing planfit's own planner's plan instead") && fallback.stdout.contains("context"))
    }

    @Test func maxTokensTruncationIsANamedError() throws {
        let args = ["refine", plan, "--team", team, "--server", server, "--no-cache", "--max-tokens", "16"]
        let r = try CLI.run(args + ["--fallback", "none"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("cut off at max_tokens (16)"), "\(r.stderr)")
        let fallback = try CLI.run(args)
        #expect(fallback.status == 0 && fallback.stdout.contains("was cut off at max_tokens (16)"), "\(fallback.stderr)")
    }

    @Test func doctorPrintsTheFixWhenTheServerIsDown() throws {
        let r = try CLI.run(["doctor", "--server", "http://127.0.0.1:\(LiveServer.sparePort + 1)"])
        #expect(r.status == 69)
        #expect((r.stdout + r.stderr).contains("llama-server -m"))
    }
}

enum LiveServer {
    static var url: String? { ProcessInfo.processInfo.environment["PLANFIT_LIVE_SERVER"] }

    /// A port for a second, short-lived server (the record-then-stop test).
    static var sparePort: Int { Int(ProcessInfo.processInfo.environment["PLANFIT_SPARE_PORT"] ?? "") ?? 8098 }

    static func script(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = CLI.packageRoot.appendingPathComponent("scripts/local-model-server")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "local-model-server \(arguments) failed"])
        }
    }
}
