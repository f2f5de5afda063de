import Foundation
import Testing

/// `planfit diff` as a user runs it: patches that git apply and patch -p1 accept in the folder the
/// diff was made in (issue 10 item 6), --exit-code (item 4), and --word on a change too large to
/// word-diff (issue 9 item 2).
@Suite struct DiffCommandTests {
    static let old = "# Plan\n\n## Phase 1\n- Build the payment API @bo ~3d\n- Write the docs @ana ~1d\n- Review @cy\n"
    static let new = "# Plan\n\n## Phase 1\n- Build the payment API @ana ~5d\n- Write the runbook @ana ~1d\n- Review @cy\n"

    /// The issue's case: both versions sit in the folder, the patch is made and applied there.
    @Test(arguments: [["plan.md", "plan-v2.md"], ["plans/plan.md", "plans/v2/plan.md"], ["./plan.md", "../elsewhere/plan-v2.md"]])
    func thePatchAppliesWithGitApplyAndPatchInTheFolderItWasMadeIn(_ paths: [String]) throws {
        let dir = try TemporaryDirectory()
        let work = dir.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let (oldPath, newPath) = (paths[0], paths[1])
        try dir.write("work/" + oldPath, Self.old)
        try dir.write("work/" + newPath, Self.new)
        let patch = try CLI.run(["diff", oldPath, newPath, "--format", "patch"], currentDirectory: work)
        #expect(patch.status == 0, "\(patch.stderr)")
        let name = oldPath.hasPrefix("./") ? String(oldPath.dropFirst(2)) : oldPath
        #expect(patch.stdout.hasPrefix("diff --git a/\(name) b/\(name)\n--- a/\(name)\n+++ b/\(name)\n@@ -1,6 +1,6 @@\n"))
        let patchFile = try dir.write("change.patch", patch.stdout)

        for tool in [["git", "apply"], ["git", "apply", "--check"], ["patch", "-p1", "--batch", "-i"]] {
            // A fresh copy of the folder for each tool; git apply also runs inside a repository.
            for inRepository in tool[0] == "git" ? [false, true] : [false] {
                let copy = dir.url.appendingPathComponent("copy-\(UUID().uuidString)")
                try FileManager.default.copyItem(at: work, to: copy)
                if inRepository { try runTool(["git", "init", "-q"], in: copy) }
                let result = try runTool(tool + [patchFile], in: copy)
                #expect(result.status == 0, "\(tool.joined(separator: " ")): \(result.output)")
                let expected = tool.contains("--check") ? Self.old : Self.new
                #expect(try String(contentsOf: copy.appendingPathComponent(oldPath), encoding: .utf8) == expected,
                        "\(tool.joined(separator: " ")) turns OLD into NEW")
                #expect(try String(contentsOf: copy.appendingPathComponent(newPath), encoding: .utf8) == Self.new,
                        "NEW is neither deleted nor changed")
            }
        }
    }

    @Test func absolutePathsInsideTheFolderAreNamedRelativeToIt() throws {
        let dir = try TemporaryDirectory()
        let old = try dir.write("plans/q1.md", Self.old), new = try dir.write("plans/q1-v2.md", Self.new)
        let patch = try CLI.run(["diff", old, new, "--format", "patch"], currentDirectory: dir.url)
        #expect(patch.stdout.hasPrefix("diff --git a/plans/q1.md b/plans/q1.md\n--- a/plans/q1.md\n+++ b/plans/q1.md\n"))
        let applied = try runTool(["patch", "-p1", "--batch", "-i", try dir.write("p.patch", patch.stdout)], in: dir.url)
        #expect(applied.status == 0, "\(applied.output)")
        #expect(try String(contentsOfFile: old, encoding: .utf8) == Self.new)
    }

    @Test(arguments: [[], ["--word"], ["--format", "patch"], ["--tasks"], ["--tasks", "--format", "json"]])
    func exitCodeIsOneWhenTheFilesDifferAndZeroWhenTheyAreTheSame(_ options: [String]) throws {
        let dir = try TemporaryDirectory()
        let old = try dir.write("old.md", Self.old), new = try dir.write("new.md", Self.new)
        let differ = try CLI.run(["diff", old, new, "--exit-code"] + options)
        #expect(differ.status == 1)
        #expect(!differ.stdout.isEmpty && differ.stderr.isEmpty)
        let same = try CLI.run(["diff", old, old, "--exit-code"] + options)
        #expect(same.status == 0)
        #expect(same.stdout.isEmpty)
        // Without the flag diff stays a viewer, and errors keep their own codes.
        #expect(try CLI.run(["diff", old, new] + options).status == 0)
        #expect(try CLI.run(["diff", old, dir.path("missing.md"), "--exit-code"] + options).status == 66)
    }

    @Test func helpDocumentsExitCodeAndThePatchHeaders() throws {
        let help = try CLI.run(["diff", "--help"])
        #expect(help.status == 0)
        // Help text is wrapped to the terminal's width: compare with the spaces evened out.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("--exit-code Exit 1 when the files differ and 0 when they are the same"))
        #expect(text.contains("planfit diff plan.md plan-v2.md --format patch > change.patch git apply change.patch"))
        #expect(text.contains("A change of more than 256 lines"))
    }

    @Test func wordDiffOfAnOversizedChangeFinishesWithTheLineDiffAndANote() throws {
        // Issue 9: 800 lines x 50 words against 30 lines took 26 s with --word.
        let words = ["the", "ledger", "migration", "needs", "a", "dry", "run", "before", "we", "switch", "traffic"]
        func plan(_ lines: Int, _ offset: Int) -> String {
            (0 ..< lines).map { line in
                "- Task \(line):" + (0 ..< 50).map { " " + words[(line * 7 + $0 * 3 + offset) % words.count] }.joined() + "\n"
            }.joined()
        }
        let dir = try TemporaryDirectory()
        let old = try dir.write("old.md", plan(800, 0)), new = try dir.write("new.md", plan(30, 1))
        let word = try CLI.run(["diff", "--word", old, new])
        #expect(word.status == 0)
        #expect(word.stdout.contains("\n\\ word highlighting skipped for a change of 830 lines; showing the line diff\n"))
        let lines = try CLI.run(["diff", old, new])
        #expect(word.stdout.replacingOccurrences(of: "\\ word highlighting skipped for a change of 830 lines; showing the line diff\n", with: "") == lines.stdout)
    }
}
