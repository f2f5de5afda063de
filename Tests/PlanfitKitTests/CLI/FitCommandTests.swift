import Foundation
import Testing

/// `planfit fit` and `planfit apply` end to end: the planner's plan written with only the changed
/// annotations touched, the report, exit codes, and picking changes from a stored run.
@Suite struct FitCommandTests {
    static let plan = CLI.fixture("plans/checkout-v2.md")
    static let team = CLI.fixture("teams/payments.yaml")

    @Test func fitWritesThePlannersPlanTouchingOnlyTheChangedAnnotations() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("fitted.md")
        let r = try CLI.run(["fit", Self.plan, "--team", Self.team, "-o", output])
        #expect(r.status == 1, "the Kotlin skill nobody has is an error no move can fix: \(r.stderr)")
        #expect(r.stderr.contains("planfit: wrote the adapted plan to \(output)\n"))
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written == RefineFixtures.text("plans/checkout-v2-fit.md"))
        // Every line that is not a changed task is byte for byte the original's.
        let original = try String(contentsOfFile: Self.plan, encoding: .utf8)
        let before = original.split(separator: "\n", omittingEmptySubsequences: false)
        let after = written.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == after.count)
        let changed = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map { $0.offset + 1 }
        #expect(changed == [8, 10, 11, 16, 19, 26, 27])
        for line in changed {
            // Only annotations moved: the words of the title are untouched.
            let old = before[line - 1], new = after[line - 1]
            let title = old.split(separator: " ").prefix { !$0.hasPrefix("@") && !$0.hasPrefix("~") && !$0.hasPrefix("#") }
            #expect(new.hasPrefix(title.joined(separator: " ")))
        }

        #expect(r.stdout.hasPrefix("planfit fit: \(Self.plan) for team \"Payments Platform\"\nplanner: 7 moves, exact search, "))
        #expect(r.stdout.contains("The planner's plan fixes 4 of 5 error findings; the 1 left cannot be fixed by moving work (see the open questions).\n"))
        #expect(r.stdout.contains("  ana    186h -> 132h of 168h  (111% -> 79%)\n"))
        #expect(r.stdout.contains("  2. reassign Build the payment intent API in Go: owners @bo -> @ana\n       bo has go at working, below strong; bo: 60h due by 2026-12-18, 54h available (time off 12-14..12-18); ana has go (expert), and 36h free after the move (132h of 168h)\n"))
        #expect(r.stdout.contains("  3. defer Write the Kafka event publisher: due 2026-12-18 -> 2027-02-01\n"))
        #expect(r.stdout.contains("\nOpen questions for the team\n  - Nobody has kotlin, which 'Port the fraud checks to Kotlin' needs: train or hire for kotlin, or drop the requirement.\n"))
        #expect(!r.stdout.contains("\nRounds\n"), "no model was asked")
    }

    @Test func aPlanWithNothingToFixExitsZeroAndChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let fitted = try dir.write("fits.md", "# Small\n\n- Build it @bo ~2d #react\n- Review it @chidi ~1d\n")
        let r = try CLI.run(["fit", fitted, "--team", Self.team, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["command"] as? String == "fit" && json["source"] as? String == "planner" && json["model"] is NSNull)
        #expect((json["accounted_changes"] as? [Any])?.isEmpty == true)
        #expect(json["adapted_plan"] as? String == "# Small\n\n- Build it @bo ~2d #react\n- Review it @chidi ~1d\n")
        let planner = try #require(json["planner"] as? [String: Any])
        #expect(planner["exact"] as? Bool == true)
    }

    @Test func thePatchAppliesWithGitApply() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["fit", CraftedReplay.plan, "--team", CraftedReplay.team, "--format", "patch"], currentDirectory: CLI.packageRoot)
        #expect(r.status == 1)
        let work = dir.url.appendingPathComponent("repo")
        let target = work.appendingPathComponent(CraftedReplay.plan)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contentsOf: URL(fileURLWithPath: Self.plan)).write(to: target)
        let patch = try dir.write("fit.patch", r.stdout)
        let applied = try RefineCommandTests.shell(["git", "apply", patch], in: work)
        #expect(applied.status == 0, "\(applied.output)")
        #expect(try String(contentsOf: target, encoding: .utf8) == RefineFixtures.text("plans/checkout-v2-fit.md"))
    }

    @Test func badInputsGetTheUsualCodes() throws {
        #expect(try CLI.run(["fit", "/nonexistent/plan.md", "--team", Self.team]).status == 66)
        let dir = try TemporaryDirectory()
        let broken = try dir.write("broken.md", "- Do it @bo ~3d #go:great\n")
        let r = try CLI.run(["fit", broken, "--team", Self.team])
        #expect(r.status == 65 && r.stderr.contains("broken.md:1:"))
        let over = try CLI.run(["fit", Self.plan, "--team", Self.team, "-o", Self.plan])
        #expect(over.status == 64 && over.stderr.contains("is one of the inputs"))
        #expect(try CLI.run(["fit", Self.plan, "--team", Self.team, "--format", "json", "--word"]).status == 64)
    }

    // MARK: apply

    /// A fit run in a fresh cache, for `apply` to take changes from.
    static func fitRun(_ dir: TemporaryDirectory) throws -> String {
        let cache = dir.path("cache.sqlite")
        let r = try CLI.run(["fit", plan, "--team", team], environment: ["PLANFIT_CACHE": cache])
        #expect(r.status == 1)
        return cache
    }

    @Test func applyTakesOnlyTheAcceptedChanges() throws {
        let dir = try TemporaryDirectory()
        let cache = try Self.fitRun(dir)
        let output = dir.path("picked.md")
        let r = try CLI.run(["apply", "last", "--accept", "5,6", "-o", output], environment: ["PLANFIT_CACHE": cache])
        #expect(r.status == 1, "the plan still has errors: \(r.stderr)")
        #expect(r.stdout.contains("planfit: applied 2 of 7 changes from run 1 (fit of \(Self.plan)): 5, 6\n"))
        let picked = try String(contentsOfFile: output, encoding: .utf8)
        let original = try String(contentsOfFile: Self.plan, encoding: .utf8)
        let expected = original.replacingOccurrences(of: "- Load test the new flow @carla", with: "- Load test the new flow @chidi")
            .replacingOccurrences(of: "- Plan the on-call rotation and hiring for Q1 @ana", with: "- Plan the on-call rotation and hiring for Q1 @dana")
        #expect(picked == expected)
        // The rules' findings on the picked plan follow it.
        #expect(r.stdout.contains("overload"))
        #expect(!r.stdout.contains("unknown-owner") && !r.stdout.contains("role-boundary"))
    }

    @Test func rejectingEveryChangeGivesTheOriginalBack() throws {
        let dir = try TemporaryDirectory()
        let cache = try Self.fitRun(dir)
        let r = try CLI.run(["apply", "1", "--reject", "1-7"], environment: ["PLANFIT_CACHE": cache])
        #expect(r.status == 1)
        #expect(r.stdout == (try String(contentsOfFile: Self.plan, encoding: .utf8)), "the plan on stdout, the findings on stderr")
        #expect(r.stderr.contains("planfit: applied 0 of 7 changes from run 1"))
        let all = try CLI.run(["apply", "last"], environment: ["PLANFIT_CACHE": cache])
        #expect(all.stdout == RefineFixtures.text("plans/checkout-v2-fit.md"))
    }

    @Test func interactiveAnswersComeFromStandardInput() throws {
        let dir = try TemporaryDirectory()
        let cache = try Self.fitRun(dir)
        // y to the first, n to the second, ? shows help and asks again, then y, then d skips the rest.
        let r = try CLI.run(["apply", "last", "--interactive"], environment: ["PLANFIT_CACHE": cache], stdin: "y\nn\n?\ny\nd\n")
        #expect(r.stderr.contains("Change 1/7: reassign 'Design the new checkout service architecture'\n  - - Design the new checkout service architecture @ana ~3d #architecture\n  + - Design the new checkout service architecture @bo ~3d #architecture\n  reason: ana: 186h assigned"))
        #expect(r.stderr.contains("y - apply this change"))
        #expect(r.stderr.contains("planfit: applied 2 of 7 changes from run 1 (fit of \(Self.plan)): 1, 3\n"))
        #expect(r.stdout.contains("- Design the new checkout service architecture @bo ~3d"))
        #expect(r.stdout.contains("- Build the payment intent API in Go @bo ~10d"), "change 2 was refused")
        #expect(r.stdout.contains("- Write the Kafka event publisher @ana ~5d #kafka (due 2027-02-01)"))
        // Answers that run out leave the remaining changes unapplied, and say so.
        let short = try CLI.run(["apply", "last", "--interactive"], environment: ["PLANFIT_CACHE": cache], stdin: "y\n")
        #expect(short.stderr.contains("no more answers on standard input; the remaining changes are not applied"))
        #expect(short.stderr.contains("applied 1 of 7 changes"))
    }

    @Test func applyRefusesWhatItCannotUse() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let none = try CLI.run(["apply", "last"], environment: ["PLANFIT_CACHE": cache])
        #expect(none.status == 66 && none.stderr.contains("there is no refine, propose or fit run"))
        _ = try Self.fitRun(dir)
        #expect(try CLI.run(["apply", "last", "--accept", "9"], environment: ["PLANFIT_CACHE": cache]).stderr
            .contains("--accept 9: there is no change 9; the run's changes are 1-7"))
        #expect(try CLI.run(["apply", "last", "--accept", "1", "--reject", "2"], environment: ["PLANFIT_CACHE": cache]).status == 64)
        #expect(try CLI.run(["apply", "42"], environment: ["PLANFIT_CACHE": cache]).status == 66)
    }

    /// A model's plan that moves a task to another section and adds one: picking the addition alone
    /// inserts it in its section without losing anything.
    @Test func pickingFromARefineRunKeepsEveryTask() throws {
        let dir = try TemporaryDirectory()
        let cache = dir.path("cache.sqlite")
        let run = try CraftedReplay.run(CraftedReplay.arguments("refine-grounded"), cache: cache)
        #expect(run.status == 0)
        let r = try CLI.run(["apply", "last", "--accept", "5"], environment: ["PLANFIT_CACHE": cache])
        // Change 5 is the Kotlin drop: accepting it alone removes that one task and nothing else.
        #expect(r.stderr.contains("applied 1 of 8 changes"))
        let original = try String(contentsOfFile: Self.plan, encoding: .utf8)
        #expect(r.stdout == original.replacingOccurrences(of: "- Port the fraud checks to Kotlin @bo ~5d #kotlin\n", with: ""))
        let rejectDrop = try CLI.run(["apply", "last", "--reject", "5"], environment: ["PLANFIT_CACHE": cache])
        #expect(rejectDrop.stdout.contains("- Port the fraud checks to Kotlin @bo ~5d #kotlin\n"), "a rejected drop keeps the task")
    }
}
