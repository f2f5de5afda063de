import ArgumentParser
import PlanfitKit

/// `planfit diff OLD NEW`: how one version of a plan differs from another.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show how one plan differs from another, line by line.",
        discussion: """
            The line diff is a histogram diff (as git diff --histogram), which keeps moved paragraphs and \
            inserted sections in one piece. --word highlights the changed words inside changed lines. \
            --format patch writes a unified diff that git apply and patch -p1 accept. The headers name \
            a/OLD and b/NEW; git apply writes the result to NEW's path, so to update OLD in place run \
            `patch OLD < changes.patch`.

            Colour is used only when standard output is a terminal and NO_COLOR is not set.

            diff is a viewer, not a check: it exits 0 whether or not the files differ, and prints \
            nothing when they are identical. It exits 66 when a file is missing or unreadable and 65 \
            when a file is binary or not UTF-8.
            """
    )

    /// Output formats: `json` is for the task-level diff (`--tasks`).
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, patch, json
    }

    @Argument(help: "The old version of the plan.")
    var old: String

    @Argument(help: "The new version of the plan.")
    var new: String

    @Flag(help: "Highlight the changed words inside changed lines (text format only).")
    var word = false

    @Flag(help: "Compare tasks instead of lines: added, removed, modified (owner, estimate, tags, due date) and moved between sections, matched by title similarity.")
    var tasks = false

    @Option(help: "Output format: text (for reading), patch (a unified diff to apply), or json (with --tasks).")
    var format: Format = .text

    @Option(help: ArgumentHelp("Unchanged lines shown around each change.", valueName: "N"))
    var context = 3

    func validate() throws {
        // Hunks add the context to line numbers, so the bound also keeps that arithmetic from overflowing.
        try checkRange("--context", context, 0...1_000_000)
        if word, format != .text { throw ValidationError("--word applies to the text format only.") }
        if tasks, word { throw ValidationError("--word applies to the line diff, not to --tasks.") }
        if tasks, format == .patch { throw ValidationError("--tasks prints text or json; a patch is a line diff (drop --tasks).") }
        if !tasks, format == .json { throw ValidationError("--format json is for the task diff: add --tasks.") }
    }

    func run() throws {
        try reportingErrors {
            if tasks {
                // Identical files print nothing in every format, as the line diff does.
                if try TextFile.read(path: old) == TextFile.read(path: new) { return }
                let report = TaskDiffReport(diff: TaskDiff(old: try PlanLoader.load(path: old), new: try PlanLoader.load(path: new)))
                switch format {
                case .json: Terminal.standardOutput.writeVerbatim(report.json.prettyText + "\n")
                default: Terminal.standardOutput.write(report.text(style: ANSIStyle(enabled: Terminal.standardOutput.supportsColor())))
                }
                return
            }
            let diff = LineDiff(old: TextLines(bytes: try TextFile.read(path: old)),
                                new: TextLines(bytes: try TextFile.read(path: new)))
            guard !diff.isIdentical else { return }
            switch format {
            case .patch:
                Terminal.standardOutput.write(bytes: UnifiedPatch(diff: diff, oldPath: old, newPath: new, context: context).bytes)
            case .text, .json:
                let renderer = DiffTextRenderer(colored: Terminal.standardOutput.supportsColor(),
                                                highlightsWords: word, context: context)
                Terminal.standardOutput.write(displayBytes: renderer.renderBytes(diff, oldLabel: old, newLabel: new))
            }
        }
    }
}
