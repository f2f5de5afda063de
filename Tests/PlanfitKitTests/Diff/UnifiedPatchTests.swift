import Foundation
import Testing
@testable import PlanfitKit

@Suite struct UnifiedPatchTests {
    static let cases: [(name: String, old: String, new: String)] = [
        ("edit in the middle", "# Plan\n\n- a @ana ~1d\n- b @ben ~2d\n- c\n", "# Plan\n\n- a @ana ~1d\n- b @cy ~3d\n- c\n"),
        ("CRLF lines", "one\r\ntwo\r\nthree\r\n", "one\r\n2\r\nthree\r\nfour\r\n"),
        ("LF to CRLF", "one\ntwo\n", "one\r\ntwo\n"),
        ("old lacks final newline", "a\nb\nc", "a\nb\nc\nd\n"),
        ("new lacks final newline", "a\nb\nc\n", "a\nb\nC"),
        ("both lack final newline", "a\nb\nc", "a\nB\nc"),
        ("only the final newline changes", "a\nb", "a\nb\n"),
        ("empty old file", "", "new line\nanother\n"),
        ("empty new file", "gone\nalso gone\n", ""),
        ("non-ASCII", "Café @ana ~2d #naïve\n日本語のタスク\n😀 done\n", "Café @ana ~3d #naïve\n日本語のタスク 更新\n😀 done\n"),
        ("insertion at the top", "b\nc\nd\ne\nf\n", "a\nb\nc\nd\ne\nf\n"),
        ("far apart changes", (1 ... 40).map { "l\($0)\n" }.joined(),
         (1 ... 40).map { $0 == 3 || $0 == 30 ? "x\($0)\n" : "l\($0)\n" }.joined()),
    ]

    @Test func exactTextForASmallChange() {
        let patch = UnifiedPatch(diff: LineDiff(old: "a\nb\nc\n", new: "a\nB\nc"), oldPath: "plan.md", newPath: "plan.md")
        #expect(patch.text == """
            --- a/plan.md
            +++ b/plan.md
            @@ -1,3 +1,3 @@
             a
            -b
            -c
            +B
            +c
            \\ No newline at end of file

            """)
    }

    @Test func identicalInputGivesAnEmptyPatch() {
        let patch = UnifiedPatch(diff: LineDiff(old: "same\r\nlines", new: "same\r\nlines"), oldPath: "p", newPath: "p")
        #expect(patch.isEmpty)
        #expect(patch.text == "")
    }

    @Test func headerPathsAreRelative() {
        #expect(UnifiedPatch.headerPath("./plans/q1.md") == "plans/q1.md")
        #expect(UnifiedPatch.headerPath("/tmp/x.md") == "tmp/x.md")
        let patch = UnifiedPatch(diff: LineDiff(old: "a\n", new: "b\n"), oldPath: "./old.md", newPath: "new.md")
        #expect(patch.text.hasPrefix("--- a/old.md\n+++ b/new.md\n"))
    }

    @Test func gitHeaderComesFirstAndNamesBothSides() {
        let patch = UnifiedPatch(diff: LineDiff(old: "a\nb\n", new: "a\nB\n"), oldPath: "./plans/q1.md",
                                 newPath: "plans/q1.md", gitHeader: true)
        #expect(patch.text == "diff --git a/plans/q1.md b/plans/q1.md\n--- a/plans/q1.md\n+++ b/plans/q1.md\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n")
    }

    @Test func namesWithSpacesEndWithATabAndOddNamesAreQuotedAsGitDoes() {
        let spaced = UnifiedPatch(diff: LineDiff(old: "a\n", new: "b\n"), oldPath: "my plan.md", newPath: "my plan.md", gitHeader: true)
        #expect(spaced.text.hasPrefix("diff --git a/my plan.md b/my plan.md\n--- a/my plan.md\t\n+++ b/my plan.md\t\n@@ "))
        #expect(UnifiedPatch.quoted("a/say \"hi\"\\\t\u{1}é.md") == #""a/say \"hi\"\\\t\001é.md""#)
        #expect(UnifiedPatch.quoted("a/plan.md") == "a/plan.md")
    }

    @Test func applyPathIsRelativeToTheFolderWhenTheFileIsInside() {
        #expect(UnifiedPatch.applyPath("/w/team/plans/q1.md", relativeTo: "/w/team") == "plans/q1.md")
        #expect(UnifiedPatch.applyPath("plans/./drafts/../q1.md", relativeTo: "/w/team") == "plans/q1.md")
        #expect(UnifiedPatch.applyPath("./q1.md", relativeTo: "/w/team/") == "q1.md")
        #expect(UnifiedPatch.applyPath("q1.md", relativeTo: "/") == "q1.md")
        // Outside the folder: from "/", as before (git apply and patch both refuse "..").
        #expect(UnifiedPatch.applyPath("../other/q1.md", relativeTo: "/w/team") == "w/other/q1.md")
        #expect(UnifiedPatch.applyPath("/w/teamwork/q1.md", relativeTo: "/w/team") == "w/teamwork/q1.md")
    }

    @Test(arguments: ["my plan.md", "say \"hi\".md", "tab\there.md", "naïve\\plan.md"])
    func oddFileNamesApplyWithBothTools(name: String) throws {
        for gitHeader in [false, true] {
            try expectPatchApplies(old: "# Plan\n- a\n", new: "# Plan\n- b\n", name: name, path: "docs/" + name, gitHeader: gitHeader)
        }
    }

    @Test(arguments: 0 ..< cases.count)
    func gitApplyGivesTheNewBytes(caseIndex: Int) throws {
        let (name, old, new) = Self.cases[caseIndex]
        try expectPatchApplies(old: old, new: new, name: name)
    }

    @Test func randomPairsApplyWithBothTools() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0 ..< 12 {
            let (old, new) = DiffSamples.randomPair(using: &rng, maxLines: 60)
            if old == new { continue }
            try expectPatchApplies(old: old, new: new, name: "random")
            try expectPatchApplies(old: old, new: new, name: "random, no context", context: 0, withPatch: false)
            try expectPatchApplies(old: old, new: new, name: "random, git header", gitHeader: true)
        }
    }

    /// Writes `old` into a fresh git repository and a plain directory, applies the patch there with
    /// `git apply` and `patch -p1`, and compares the result with `new` byte for byte.
    private func expectPatchApplies(old: String, new: String, name: String, path: String = "docs/plan.md",
                                    context: Int = 3, withPatch: Bool = true, gitHeader: Bool = false) throws {
        let patch = UnifiedPatch(diff: LineDiff(old: old, new: new), oldPath: path,
                                 newPath: path, context: context, gitHeader: gitHeader)
        let temporary = try TemporaryDirectory()
        let directory = temporary.url
        let patchFile = directory.appendingPathComponent("change.patch")
        try Data(patch.bytes).write(to: patchFile)

        let repository = directory.appendingPathComponent("repo")
        let docs = repository.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data(old.utf8).write(to: repository.appendingPathComponent(path))
        try runTool(["git", "init", "-q"], in: repository)
        // Without context lines git only trusts a hunk's position with --unidiff-zero.
        let zeroContext = context == 0 ? ["--unidiff-zero"] : []
        let git = try runTool(["git", "apply", "--whitespace=nowarn"] + zeroContext + [patchFile.path], in: repository)
        #expect(git.status == 0, "\(name): git apply failed: \(git.output)\n\(patch.text)")
        let gitResult = try Data(contentsOf: repository.appendingPathComponent(path))
        #expect(gitResult == Data(new.utf8), "\(name): git apply gave \(String(decoding: gitResult, as: UTF8.self).debugDescription)")

        guard withPatch else { return }
        let plain = directory.appendingPathComponent("plain")
        let plainDocs = plain.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: plainDocs, withIntermediateDirectories: true)
        try Data(old.utf8).write(to: plain.appendingPathComponent(path))
        let patched = try runTool(["patch", "-p1", "--batch", "--no-backup-if-mismatch", "-i", patchFile.path], in: plain)
        #expect(patched.status == 0, "\(name): patch -p1 failed: \(patched.output)\n\(patch.text)")
        let patchResult = try Data(contentsOf: plain.appendingPathComponent(path))
        #expect(patchResult == Data(new.utf8), "\(name): patch gave \(String(decoding: patchResult, as: UTF8.self).debugDescription)")
    }
}
