import Foundation
import Testing

/// `planfit refine` and `planfit propose` end to end, replaying the crafted cassettes: exit codes,
/// the planner fallback, accountability findings, the sections of each format, `-o`, and a patch that
/// real tools apply.
@Suite struct RefineCommandTests {
    typealias R = CraftedReplay

    struct Expectation: Sendable, CustomStringConvertible {
        var scenario: String
        var extra: [String] = []
        var status: Int32
        var stdout: [String] = []
        var stderr: [String] = []
        /// The fixture `-o` must write, or nil when nothing may be written.
        var writes: String?
        var description: String { ([scenario] + extra).joined(separator: " ") }
    }

    static let plannerFallback = "plans/checkout-v2-fit.md"
    static let grounded = "plans/checkout-v2-grounded.md"

    static let expectations: [Expectation] = [
        Expectation(scenario: "refine-grounded", status: 0,
                    stdout: ["The adapted plan fixes every error finding (5 -> 0).", "  1. finish stop, 0 error findings: accepted (shown)\n"],
                    writes: grounded),
        // The good-looking answer that reassigns two tasks without a word and halves an estimate: named, and
        // the planner's plan shown instead.
        Expectation(scenario: "refine-fixed", status: 0,
                    stdout: ["The model's plan is less grounded than planfit's own planner's: it makes 2 changes it does not list and cuts 2 estimates without a re-estimate. Showing the planner's plan instead; the model's risks and questions are kept.\n",
                             "The planner's plan fixes 4 of 5 error findings; the 1 left cannot be fixed by moving work (see the open questions).\n",
                             "- unlisted-change at line 16 of the plan: 'Integrate the card network SDK' was changed (owners @ana -> @bo), but no entry in \"changes\" explains it",
                             "- unlisted-change at line 20 of the plan: 'Migrate saved cards' was changed (owners @ana -> @chidi)",
                             "- estimate-cut at line 10 of the plan: 'Build the payment intent API in Go' went from ~10d to ~5d (60h -> 30h) with no re-estimate",
                             "  3. finish stop, 0 error findings: 4 problems (the model's best)\n"],
                    writes: plannerFallback),
        Expectation(scenario: "refine-fixed", extra: ["--fallback", "none"], status: 0,
                    stdout: ["The adapted plan fixes some error findings (5 -> 4); 4 remain", "unlisted-change 0 -> 2", "estimate-cut 0 -> 2",
                             "  unlisted-change (line 16): 'Integrate the card network SDK' was changed",
                             "no reason given: an unlisted change"],
                    writes: "plans/checkout-v2-adapted.md"),
        Expectation(scenario: "refine-repair", status: 0,
                    stdout: ["3 rounds (2 repairs)", "  1. finish stop: 1 problem\n       - the answer is not a JSON object",
                             "  2. finish stop, 5 error findings: 5 problems\n",
                             "       - unknown-owner at line 19 of the plan: 'Load test the new flow' is assigned to @carla",
                             "  3. finish stop, 0 error findings: accepted (shown)\n"],
                    stderr: ["planfit: repair round 1 of 2\n", "planfit: repair round 2 of 2\n", "planfit: round 3: accepted\n"],
                    writes: grounded),
        Expectation(scenario: "refine-silent-drop", status: 0,
                    stdout: ["2 rounds (1 repair)", "  1. finish stop, 0 error findings: 1 problem\n",
                             "- the task 'Load test the new flow' (line 19 of the original) is missing from the plan and no change explains it",
                             "  2. finish stop, 0 error findings: accepted (shown)\n"],
                    writes: grounded),
        // The model fails: the user still leaves with the planner's grounded plan.
        Expectation(scenario: "refine-unusable", status: 0,
                    stdout: ["The model gave no usable plan in 3 rounds; showing planfit's own planner's plan instead.\n",
                             "The planner's plan fixes 4 of 5 error findings"],
                    writes: plannerFallback),
        Expectation(scenario: "refine-unusable", extra: ["--fallback", "none"], status: 65,
                    stderr: ["planfit: error: the model gave no usable answer in 3 rounds; the last one had these problems:\n",
                             "  - the answer does not match the schema: $.plan must be a string, found a number\n",
                             "Try a larger model (--model), more --max-repairs, or a higher --max-tokens.\n"]),
        Expectation(scenario: "refine-truncated", status: 0,
                    stdout: ["The model was cut off at max_tokens (4096) before its plan was complete; showing planfit's own planner's plan instead.\n"],
                    writes: plannerFallback),
        Expectation(scenario: "refine-truncated", extra: ["--fallback", "none"], status: 65,
                    stderr: ["planfit: error: the answer from fake-planner was cut off at max_tokens (4096) after 175 tokens, so it is incomplete"]),
        // The answer that adds an unknown owner and a role break and lists six changes it never made.
        Expectation(scenario: "refine-worse", status: 0,
                    stdout: ["it leaves 7 error findings where the planner leaves 1, makes 2 changes it does not list and lists 6 changes it did not make. Showing the planner's plan instead",
                             "  1. finish stop, 7 error findings: 15 problems (the model's best)\n",
                             "- phantom-change: \"changes\" lists 'Write the Kafka event publisher' (reschedule), but the plan does not change that task"],
                    writes: plannerFallback),
        Expectation(scenario: "refine-worse", extra: ["--fallback", "none"], status: 2,
                    stdout: ["The model could not fix the plan: its version has MORE error findings (15) than the original (5). It is shown for reference only; it is not an improvement.",
                             "unknown-owner 1 -> 2", "role-boundary 1 -> 2", "phantom-change 0 -> 6", "\nListed but not made (6)\n",
                             "  1. finish stop, 7 error findings: 15 problems (shown)\n"],
                    stderr: ["planfit: not writing "]),
        Expectation(scenario: "propose-fixed", status: 0,
                    stdout: ["planfit propose: fixtures/plans/checkout-v2.md for team \"Payments Platform\" as @bo\n",
                             "The adapted plan fixes every error finding (5 -> 0).",
                             "\nNote to the plan's author\n  Thanks for the plan. I am off 12-14..12-18"],
                    writes: grounded),
    ]

    @Test(arguments: expectations)
    func everyCraftedScenarioReplaysWithItsExitStatusAndReport(_ e: Expectation) throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("adapted.md")
        let r = try R.run(R.arguments(e.scenario, ["-o", output] + e.extra), cache: dir.path("cache.sqlite"))
        #expect(r.status == e.status, "\(e): \(r.stderr)")
        for text in e.stdout { #expect(r.stdout.contains(text), "\(e) stdout lacks \(text.debugDescription)") }
        for text in e.stderr { #expect(r.stderr.contains(text), "\(e) stderr lacks \(text.debugDescription)") }
        #expect(!r.stderr.contains("no recorded answer"), "the cassette must match the requests exactly")

        let written = FileManager.default.contents(atPath: output).map { String(decoding: $0, as: UTF8.self) }
        if let fixture = e.writes {
            #expect(written == RefineFixtures.text(fixture), "\(e) must write \(fixture)")
            #expect(r.stderr.contains("planfit: wrote the adapted plan to \(output)\n"))
        } else {
            #expect(written == nil, "\(e): nothing may be written")
            if e.status != 2 { #expect(r.stdout.isEmpty, "a failed run prints no result") }
        }
    }

    @Test func theTextReportHasEverySectionInOrder() throws {
        let dir = try TemporaryDirectory()
        let r = try R.run(R.arguments("refine-grounded"), cache: dir.path("cache.sqlite"))
        #expect(r.status == 0)
        let out = r.stdout
        #expect(out.hasPrefix("planfit refine: fixtures/plans/checkout-v2.md for team \"Payments Platform\"\nmodel fake-planner at http://127.0.0.1:8093 (openai), 1 round (0 repairs), "))
        #expect(out.contains("\nplanner: 7 moves, exact search, "))
        #expect(out.contains("findings before -> after: unknown-owner 1 -> 0, missing-skill 1 -> 0, skill-gap 1 -> 0, overload 1 -> 0, deadline 1 -> 0, role-boundary 1 -> 0"))
        let headings = ["findings before -> after:", "\nLoad per member (hours in the horizon: before -> after, of available)\n",
                        "\nChanges (8)\n", "\nFindings left (0)\n", "\nRisks\n", "\nOpen questions for the team\n",
                        "\nTask changes\n", "\nLine diff\n", "\nRounds\n"]
        let positions = try headings.map { try #require(out.range(of: $0), "missing \($0.debugDescription)").lowerBound }
        #expect(positions == positions.sorted())
        #expect(out.contains("  ana    186h -> 132h of 168h  (111% -> 79%)\n"))
        #expect(out.contains(". drop Port the fraud checks to Kotlin: removed\n       missing-skill: no member has kotlin"))
        #expect(out.contains(". reassign Load test the new flow: owners @carla -> @chidi\n       unknown-owner: @carla is not on the team"))
        #expect(out.contains("tasks: 0 added, 1 removed, 7 modified, 0 moved\n"))
        #expect(out.contains("~ Load test the new flow  (line 19 -> 18)\n    owners: @carla -> @chidi\n"))
        #expect(out.contains("--- fixtures/plans/checkout-v2.md\n+++ adapted\n"))
        #expect(out.contains("\n-- Load test the new flow @carla ~3d\n"))
        #expect(out.contains("\n+- Load test the new flow @chidi ~3d\n"))
        #expect(!out.contains("\u{1B}["), "no colour off a terminal")
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let dir = try TemporaryDirectory()
        let json = try R.json(R.arguments("refine-repair", ["--format", "json"]), cache: dir.path("cache.sqlite"))
        #expect(Set(json.keys) == ["format_version", "command", "plan", "team", "as", "concern", "source", "fallback", "verdict", "verdict_text", "model",
                                   "parameters", "rounds", "chosen_round", "findings_before", "findings_after", "findings_delta",
                                   "load", "changes", "accounted_changes", "phantom_changes", "grounding", "planner",
                                   "risks", "questions", "note", "adapted_plan", "task_diff"])
        #expect(json["command"] as? String == "refine")
        #expect(json["format_version"] as? Int == 1)
        #expect(json["as"] is NSNull && json["note"] is NSNull && json["fallback"] is NSNull)
        #expect(json["source"] as? String == "model")
        #expect(json["verdict"] as? String == "fixed")
        #expect(json["chosen_round"] as? Int == 3)
        #expect(json["adapted_plan"] as? String == RefineFixtures.text(Self.grounded))
        let model = try #require(json["model"] as? [String: Any])
        #expect(model["model"] as? String == "fake-planner" && model["api"] as? String == "openai")
        let parameters = try #require(json["parameters"] as? [String: Any])
        #expect(parameters["max_repairs"] as? Int == 2 && parameters["max_tokens"] as? Int == 4096 && parameters["seed"] as? Int == 42)
        let rounds = try #require(json["rounds"] as? [[String: Any]])
        #expect(rounds.count == 3)
        #expect(Set(rounds[0].keys) == ["round", "finish_reason", "prompt_tokens", "completion_tokens", "error_findings", "problems"])
        #expect(rounds.map { ($0["problems"] as? [String])?.count } == [1, 5, 0])
        #expect(rounds[0]["error_findings"] is NSNull)
        let delta = try #require(json["findings_delta"] as? [String: [String: Int]])
        #expect(delta["overload"] == ["before": 1, "after": 0])
        #expect(delta["single-expert"] == ["before": 4, "after": 4])
        let changes = try #require(json["changes"] as? [[String: String]])
        #expect(changes.count == 8)
        #expect(changes.allSatisfy { Set($0.keys) == ["task", "kind", "reason"] })
        let accounted = try #require(json["accounted_changes"] as? [[String: Any]])
        #expect(accounted.map { $0["number"] as? Int } == Array(1...8))
        #expect(accounted.allSatisfy { $0["reason"] is String })
        #expect((json["findings_before"] as? [Any])?.count == 13)
        let taskDiff = try #require(json["task_diff"] as? [String: Any])
        #expect((taskDiff["removed"] as? [Any])?.count == 1)
        let grounding = try #require(json["grounding"] as? [String: Any])
        #expect(grounding["errors_before"] as? Int == 5 && grounding["errors_after"] as? Int == 0)
        #expect(grounding["unlisted_changes"] as? Int == 0 && grounding["phantom_changes"] as? Int == 0 && grounding["estimate_cuts"] as? Int == 0)
        #expect(grounding["tasks_changed"] as? Int == 8)
        let minimum = try #require(grounding["planner_minimum"] as? [String: Any])
        #expect(minimum["errors"] as? Int == 1 && minimum["tasks_changed"] as? Int == 7 && minimum["exact"] as? Bool == true)
        let load = try #require(json["load"] as? [[String: Any]])
        #expect(load.map { $0["member"] as? String } == ["ana", "bo", "chidi", "dana"])
        #expect(load[0]["before_hours"] as? Double == 186 && load[0]["available_hours"] as? Double == 168)
    }

    @Test func theFallbackIsInTheJSONWithTheAccountabilityOfTheModelsRounds() throws {
        let dir = try TemporaryDirectory()
        let json = try R.json(R.arguments("refine-fixed", ["--format", "json"]), cache: dir.path("cache.sqlite"))
        #expect(json["source"] as? String == "planner")
        #expect((json["fallback"] as? String)?.hasPrefix("The model's plan is less grounded than planfit's own planner's") == true)
        #expect(json["adapted_plan"] as? String == RefineFixtures.text(Self.plannerFallback))
        let grounding = try #require(json["grounding"] as? [String: Any])
        #expect(grounding["errors_after"] as? Int == 1 && grounding["tasks_changed"] as? Int == 7)
        #expect(grounding["unlisted_changes"] as? Int == 0 && grounding["estimate_cuts"] as? Int == 0)
    }

    @Test func proposeJSONCarriesTheSeatConcernAndNote() throws {
        let dir = try TemporaryDirectory()
        let json = try R.json(R.arguments("propose-fixed", ["--format", "json"]), cache: dir.path("cache.sqlite"))
        #expect(json["command"] as? String == "propose")
        #expect(json["as"] as? String == "bo")
        #expect(json["concern"] as? String == R.concern)
        #expect((json["note"] as? String)?.hasPrefix("Thanks for the plan. I am off 12-14..12-18") == true)
    }

    @Test func markdownHasHeadingsTheTableAndTheAdaptedPlan() throws {
        let dir = try TemporaryDirectory()
        let r = try R.run(R.arguments("propose-fixed", ["--format", "markdown"]), cache: dir.path("cache.sqlite"))
        #expect(r.status == 0)
        let out = r.stdout
        // For people: the verdict right after the title; the model line only in the collapsed section at the end.
        #expect(out.hasPrefix("# planfit propose: fixtures/plans/checkout-v2.md\n\nTeam: Payments Platform · proposed by @bo\n\n**The adapted plan"))
        #expect(out.contains("**The adapted plan fixes every error finding (5 -> 0).**"))
        let headings = ["## Note to the plan's author", "## Load per member", "## Changes", "## Risks", "## Open questions", "## Task changes",
                        "## Adapted plan", "## Line diff"]
        let positions = try headings.map { try #require(out.range(of: "\n\($0)\n\n"), "missing \($0)").lowerBound }
        #expect(positions == positions.sorted())
        #expect(out.contains("| # | task | change | kind | reason |\n|---|---|---|---|---|\n| 1 | Design the new checkout service architecture | owners @ana -> @bo | reassign | "))
        #expect(out.contains("````markdown\n\(RefineFixtures.text(Self.grounded))````\n"))
        #expect(out.contains("```diff\n--- a/fixtures/plans/checkout-v2.md\n+++ b/fixtures/plans/checkout-v2.md\n"))
        let details = try #require(out.range(of: "\n<details>\n<summary>How this report was made</summary>\n\n- model fake-planner"))
        #expect(details.lowerBound > positions.last!, "the tool details come after the adapted plan and the diff")
        #expect(out.hasSuffix("\n</details>\n"))
        #expect(out.components(separatedBy: "model fake-planner").count == 2, "the model line appears once, in the details")
    }

    /// `propose --format note`: the note and the change table only, ready to paste into a message.
    @Test func proposeNoteFormatIsTheNoteAndTheChangeTable() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let json = try R.json(R.arguments("propose-fixed", ["--format", "json"]), cache: cache)
        let note = try #require(json["note"] as? String)
        let r = try R.run(R.arguments("propose-fixed", ["--format", "note"]), cache: cache)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix(note.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n| # | task | change | reason |\n|---|---|---|---|\n| 1 | Design the new checkout service architecture | owners @ana -> @bo | "))
        for absent in ["model fake-planner", "## ", "Findings", "```"] { #expect(!r.stdout.contains(absent), "\(absent)") }
        let refine = try R.run(R.arguments("refine-fixed", ["--format", "note"]), cache: cache)
        #expect(refine.status == 64)
        #expect(refine.stderr.contains("--format note is for propose"))
    }

    @Test(arguments: ["refine-grounded", "propose-fixed", "refine-worse"])
    func thePatchAppliesWithGitAndPatchToGiveTheAdaptedPlan(_ scenario: String) throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let patch = try R.run(R.arguments(scenario, ["--format", "patch"]), cache: cache)
        #expect(patch.status == 0)
        #expect(patch.stdout.hasPrefix("--- a/fixtures/plans/checkout-v2.md\n+++ b/fixtures/plans/checkout-v2.md\n@@ "))
        let json = try R.json(R.arguments(scenario, ["--format", "json"]), cache: cache)
        let adapted = try #require(json["adapted_plan"] as? String)
        do {
            // -o writes what the patch produces (for refine-worse: the planner's plan that replaced it).
            let written = dir.path("o.md")
            #expect(try R.run(R.arguments(scenario, ["-o", written]), cache: cache).status == 0)
            #expect(try String(contentsOfFile: written, encoding: .utf8) == adapted)
        }
        let original = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(R.plan))
        let patchFile = try dir.write("plan.patch", patch.stdout)
        for (tool, arguments) in [("git", ["git", "apply", patchFile]), ("patch", ["patch", "-p1", "--quiet", "-i", patchFile])] {
            let work = dir.url.appendingPathComponent(tool)
            let target = work.appendingPathComponent(R.plan)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try original.write(to: target)
            let result = try Self.shell(arguments, in: work)
            #expect(result.status == 0, "\(tool): \(result.output)")
            #expect(try String(contentsOf: target, encoding: .utf8) == adapted, "\(tool) did not produce the adapted plan")
        }
    }

    static func shell(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [CraftedReplay.plan, "./fixtures/teams/../teams/payments.yaml"])
    func outputOverAnInputIsRefused(_ target: String) throws {
        let dir = try TemporaryDirectory()
        let r = try R.run(R.arguments("refine-fixed", ["-o", target]), cache: dir.path("cache.sqlite"))
        #expect(r.status == 64)
        #expect(r.stderr.contains("-o \(target) is one of the inputs; planfit never modifies your plan or profile"))
        #expect(r.stdout.isEmpty)
    }

    @Test func outputThroughASymlinkToThePlanIsRefused() throws {
        let dir = try TemporaryDirectory()
        let link = dir.path("link.md")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: CLI.packageRoot.appendingPathComponent(R.plan).path)
        let r = try R.run(R.arguments("refine-fixed", ["-o", link]), cache: dir.path("cache.sqlite"))
        #expect(r.status == 64)
    }

    @Test func proposeAsSomeoneNotOnTheTeamExits64() throws {
        let dir = try TemporaryDirectory()
        var args = R.arguments("propose-fixed")
        args[args.firstIndex(of: "bo")!] = "@Zed"
        let r = try R.run(args, cache: dir.path("cache.sqlite"))
        #expect(r.status == 64)
        #expect(r.stderr == "planfit: error: --as @zed is not a member of the team; members are @ana, @bo, @chidi, @dana\n")
    }

    @Test func aMissingPromptsFolderExits66NamingTheOption() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path("no-prompts")
        let r = try R.run(R.arguments("refine-fixed", ["--prompts", missing]), cache: dir.path("cache.sqlite"))
        #expect(r.status == 66)
        #expect(r.stderr.contains("planfit: error: --prompts \(missing): no such folder; give a folder holding the *.mustache templates"))

        let file = try R.run(R.arguments("refine-fixed", ["--prompts", R.plan]), cache: dir.path("cache.sqlite"))
        #expect(file.status == 66)
        #expect(file.stderr.contains("--prompts \(R.plan): is a file, not a folder"))
    }

    @Test func anEditedPromptsFolderChangesTheRequestAndTheCacheKey() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let same = dir.url.appendingPathComponent("same"), edited = dir.url.appendingPathComponent("edited")
        for folder in [same, edited] {
            try FileManager.default.copyItem(at: PromptTemplateTests.promptsFolder, to: folder)
        }
        let user = edited.appendingPathComponent("refine.user.mustache")
        try (try String(contentsOf: user, encoding: .utf8) + "Answer in English.\n").write(to: user, atomically: true, encoding: .utf8)

        let first = try R.run(R.arguments("refine-fixed"), cache: cache)
        #expect(first.status == 0)
        // An unchanged copy is the same prompt: the same key, so a hit.
        let copy = try R.run(R.arguments("refine-fixed", ["--prompts", same.path]), cache: cache)
        #expect(copy.status == 0 && copy.stdout == first.stdout)
        #expect(copy.stderr.contains("answered from the cache"))
        // An edited copy is a new request: no cached answer, and the recorded cassette no longer matches it.
        let offline = try R.run(["refine", R.plan, "--team", R.team, "--offline", "--prompts", edited.path], cache: cache)
        #expect(offline.status == 69)
        #expect(offline.stderr.contains("--offline: no cached answer for this request"))
        let replayed = try R.run(R.arguments("refine-fixed", ["--prompts", edited.path]), cache: cache)
        #expect(replayed.status == 69)
        #expect(replayed.stderr.contains("no recorded answer"))
        #expect(replayed.stderr.contains("differs at messages[1].content"))
    }
}
