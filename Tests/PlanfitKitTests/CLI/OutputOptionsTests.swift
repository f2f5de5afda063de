import Foundation
import Testing
@testable import PlanfitKit

/// `--color`, `--quiet`, `--verbose` and the colour environment variables (issue 10, item 3).
@Suite struct OutputOptionsTests {
    typealias R = CraftedReplay
    static let escape = "\u{1B}["

    @Test func theColourDecisionFollowsTheFlagThenTheEnvironment() {
        func decide(_ choice: Terminal.ColorChoice, _ env: [String: String], tty: Bool) -> Bool {
            Terminal.colorDecision(choice: choice, environment: env, isTerminal: tty)
        }
        #expect(decide(.auto, [:], tty: true) && !decide(.auto, [:], tty: false))
        #expect(!decide(.auto, ["NO_COLOR": "1"], tty: true))
        #expect(decide(.auto, ["NO_COLOR": ""], tty: true), "an empty NO_COLOR is unset (no-color.org)")
        #expect(decide(.auto, ["FORCE_COLOR": "1"], tty: false) && decide(.auto, ["CLICOLOR_FORCE": "1"], tty: false))
        #expect(!decide(.auto, ["CLICOLOR_FORCE": "0"], tty: false) && !decide(.auto, ["FORCE_COLOR": ""], tty: false))
        #expect(!decide(.auto, ["NO_COLOR": "1", "FORCE_COLOR": "1"], tty: true), "NO_COLOR wins")
        #expect(!decide(.auto, ["TERM": "dumb"], tty: true) && decide(.auto, ["TERM": "dumb", "FORCE_COLOR": "1"], tty: false))
        #expect(decide(.always, ["NO_COLOR": "1"], tty: false) && !decide(.never, ["FORCE_COLOR": "1"], tty: true))
    }

    @Test func checkColoursAPipeOnlyWhenForced() throws {
        let args = ["check", R.plan, "--team", R.team]
        func colored(_ extra: [String], _ env: [String: String]) throws -> Bool {
            let r = try CLI.run(args + extra, environment: ["NO_COLOR": ""].merging(env) { $1 }, currentDirectory: CLI.packageRoot)
            #expect(r.status == 1, "\(r.stderr)")
            return r.stdout.contains(Self.escape)
        }
        #expect(try !colored([], [:]), "a pipe is not a terminal")
        #expect(try colored([], ["FORCE_COLOR": "1"]))
        #expect(try colored([], ["CLICOLOR_FORCE": "1"]))
        #expect(try !colored([], ["CLICOLOR_FORCE": "0"]))
        #expect(try !colored([], ["FORCE_COLOR": "1", "NO_COLOR": "1"]))
        #expect(try colored(["--color", "always"], [:]))
        #expect(try !colored(["--color", "never"], ["FORCE_COLOR": "1"]))
        let bad = try CLI.run(args + ["--color", "sometimes"], currentDirectory: CLI.packageRoot)
        #expect(bad.status == 64)
    }

    @Test func quietPrintsNoProgressAndVerboseShowsThePromptAndTheRawAnswer() throws {
        let dir = try TemporaryDirectory()
        let normal = try R.run(R.arguments("refine-repair"), cache: dir.path("a.sqlite"))
        #expect(normal.stderr.contains("planfit: asking fake-planner"))
        let quiet = try R.run(R.arguments("refine-repair", ["--quiet"]), cache: dir.path("b.sqlite"))
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout == normal.stdout)

        let verbose = try R.run(R.arguments("refine-repair", ["--verbose"]), cache: dir.path("c.sqlite"))
        #expect(verbose.status == 0 && verbose.stdout == normal.stdout)
        #expect(verbose.stderr.contains("planfit: --- prompt to fake-planner (2 messages) ---\n[system]\n"))
        #expect(verbose.stderr.contains("\n[user]\n"))
        #expect(verbose.stderr.contains("planfit: --- raw answer (finish stop,"))
        #expect(verbose.stderr.contains("\"changes\""), "the raw JSON answer is shown")
        // A repeat is a cache hit: nothing was sent, and verbose says so.
        let hit = try R.run(R.arguments("refine-repair", ["--verbose"]), cache: dir.path("c.sqlite"))
        #expect(hit.stderr.contains("--verbose: answered from the cache, so no prompt was sent"))

        let both = try R.run(R.arguments("refine-repair", ["--quiet", "--verbose"]), cache: dir.path("d.sqlite"))
        #expect(both.status == 64 && both.stderr.contains("--quiet and --verbose contradict each other"))
    }
}
