import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit diff OLD NEW`: how one version of a plan differs from another.
struct DiffCommand: Command {
    static let about = CommandAbout(
        name: "diff",
        abstract: "Show how one plan differs from another, line by line.",
        discussion: """
            The line diff is a histogram diff (as git diff --histogram), which keeps moved paragraphs and \
            inserted sections in one piece. --word highlights the changed words inside changed lines: \
            it pairs each changed line with its new version (or the two lines it was split into or \
            joined from) and compares their words. A change of more than \(WordDiffLimits().maxRegionLines) lines, or a \
            changed line and its new version with more than \(WordDiffLimits().maxPairWords) words between them, is shown as the plain line \
            diff after a note saying so, which keeps --word fast on any input.

            --format patch writes a unified diff that git apply and patch -p1 accept in the current \
            folder: its headers (diff --git a/OLD b/OLD, --- a/OLD, +++ b/OLD) name OLD relative to \
            the current folder, so either tool turns OLD into NEW there:

              planfit diff plan.md plan-v2.md --format patch > change.patch
              git apply change.patch        # or: patch -p1 < change.patch

            Colour is used only when standard output is a terminal and NO_COLOR is not set.

            diff prints nothing when the files are identical. It exits 0 whether or not the files \
            differ, unless --exit-code is given: then, as with git diff --exit-code, 1 means they \
            differ (their bytes; in every format) and 0 that they are the same. It exits 66 when a \
            file is missing or unreadable and 65 when a file is binary or not UTF-8.
            """
    )

    /// Output formats: `json` is for the task-level diff (`--tasks`).
    enum Format: String, ArgumentValue, CaseIterable {
        case text, patch, json
    }
    var old: String = ""
    var new: String = ""
    var word = false
    var tasks = false
    var format: Format = .text
    var display = OutputOptions()
    var context = 3
    var exitCode = false

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.old, name: "old", help: "The old version of the plan.", completion: .anyFile),
            .argument(\.new, name: "new", help: "The new version of the plan.", completion: .anyFile),
            .flag(\.word, name: "word", help: "Highlight the changed words inside changed lines (text format only)."),
            .flag(\.tasks, name: "tasks", help: "Compare tasks instead of lines: added, removed, modified (owner, estimate, tags, due date) and moved between sections, matched by title similarity."),
            .option(\.format, name: "format", help: "Output format: text (for reading), patch (a unified diff to apply), or json (with --tasks)."),
            .group(\.display),
            .option(\.context, name: "context", valueName: "N", help: "Unchanged lines shown around each change."),
            .flag(\.exitCode, name: "exit-code", help: "Exit 1 when the files differ and 0 when they are the same, as git diff --exit-code does."),
        ]
    }

    /// The status --exit-code gives to files that differ: git's, so scripts can use planfit the same way.
    static let differStatus: Int32 = 1

    func validate() throws {
        // Hunks add the context to line numbers, so the bound also keeps that arithmetic from overflowing.
        try checkRange("--context", context, 0...1_000_000)
        if word, format != .text { throw ValidationError("--word applies to the text format only.") }
        if tasks, word { throw ValidationError("--word applies to the line diff, not to --tasks.") }
        if tasks, format == .patch { throw ValidationError("--tasks prints text or json; a patch is a line diff (drop --tasks).") }
        if !tasks, format == .json { throw ValidationError("--format json is for the task diff: add --tasks.") }
    }

    func run() throws {
        let differ = try reportingErrors { try show() }
        if differ, exitCode { throw ExitCode(Self.differStatus) }
    }

    /// Prints the diff; returns whether the files differ.
    private func show() throws -> Bool {
        if tasks {
            // Identical files print nothing in every format, as the line diff does.
            let oldFile = try InputDocument.read(old), newFile = try InputDocument.read(new)
            if oldFile.bytes == newFile.bytes { return false }
            let report = TaskDiffReport(diff: TaskDiff(old: try oldFile.plan(), new: try newFile.plan()))
            switch format {
            case .json: Terminal.standardOutput.writeVerbatim(JSONDocument.text(report.json))
            default: Terminal.standardOutput.write(report.text(style: ANSIStyle(enabled: Terminal.standardOutput.supportsColor())))
            }
            return true
        }
        let diff = LineDiff(old: TextLines(bytes: try TextFile.read(path: old)),
                            new: TextLines(bytes: try TextFile.read(path: new)))
        guard !diff.isIdentical else { return false }
        switch format {
        case .patch:
            // Both sides name OLD: the patch turns OLD into NEW where it is applied. With two names
            // git apply would write NEW and delete OLD, while patch -p1 edits OLD.
            let path = Self.patchPath(old)
            let patch = UnifiedPatch(diff: diff, oldPath: path, newPath: path, context: context, gitHeader: true)
            Terminal.standardOutput.write(bytes: patch.bytes)
        case .text, .json:
            let renderer = DiffTextRenderer(colored: Terminal.standardOutput.supportsColor(),
                                            highlightsWords: word, context: context)
            Terminal.standardOutput.write(displayBytes: renderer.renderBytes(diff, oldLabel: old, newLabel: new))
        }
        return true
    }

    /// `path` as the patch names it: relative to the current folder when the file is inside it. The
    /// file's folder is resolved (symlinks, "..") because the current folder (getcwd) is; the file
    /// name is kept as given.
    static func patchPath(_ path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath
        let folder = PathText.parent(path)
        let name = PathText.lastComponent(path)
        let resolvedFolder = URL(fileURLWithPath: folder.isEmpty ? "." : folder, relativeTo: URL(fileURLWithPath: directory))
            .standardizedFileURL.resolvingSymlinksInPath().path
        return UnifiedPatch.applyPath(resolvedFolder + "/" + name, relativeTo: directory)
    }
}
