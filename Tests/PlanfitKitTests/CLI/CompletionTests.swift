import Foundation
import Testing

/// The completion scripts `planfit --generate-completion-script SHELL` prints (documented in the README)
/// complete file names for plans, --team, -o and folders for --replay.
@Suite struct CompletionTests {
    /// The body of one subcommand's bash function, e.g. `_planfit_check`.
    static func bashFunction(_ name: String, in script: String) -> String {
        guard let start = script.range(of: "\n\(name)() {") else { return "" }
        let rest = script[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n}\n")?.lowerBound ?? rest.endIndex)])
    }

    @Test func bashCompletesFilesForPlansTeamsOutputsAndFoldersForReplay() throws {
        let r = try CLI.run(["--generate-completion-script", "bash"])
        #expect(r.status == 0)
        let check = Self.bashFunction("_planfit_check", in: r.stdout)
        #expect(check.contains("'--team'|'-t')\n        __planfit_add_completions -o plusdirs -fX '!*.@(yaml|yml|json)'"), "\(check)")
        #expect(check.contains("1)\n        __planfit_add_completions -f"), "the plan completes as a file: \(check)")
        let refine = Self.bashFunction("_planfit_refine", in: r.stdout)
        #expect(refine.contains("'--replay')\n        __planfit_add_completions -d"), "\(refine)")
        #expect(refine.contains("'--output'|'-o')\n        __planfit_add_completions -f"), "\(refine)")
        #expect(refine.contains("1)\n        __planfit_add_completions -f"), "\(refine)")
        for shell in ["zsh", "fish"] {
            let script = try CLI.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("replay"), "\(shell)")
        }
    }
}
