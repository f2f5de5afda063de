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

    /// Output formats. The task-level diff (`--tasks`) will add `json`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, patch
    }

    @Argument(help: "The old version of the plan.")
    var old: String

    @Argument(help: "The new version of the plan.")
    var new: String

    @Flag(help: "Highlight the changed words inside changed lines (text format only).")
    var word = false

    @Option(help: "Output format: text (for reading) or patch (a unified diff to apply).")
    var format: Format = .text

    @Option(help: ArgumentHelp("Unchanged lines shown around each change.", valueName: "N"))
    var context = 3

    // The task-level diff (`--tasks`, with `--format json`) plugs in here: it parses both plans and
    // prints tasks added, removed, modified and moved instead of lines.

    func validate() throws {
        if context < 0 { throw ValidationError("--context must be 0 or more, not \(context).") }
        if word, format == .patch { throw ValidationError("--word applies to the text format only; a patch has no highlighting.") }
    }

    func run() throws {
        try reportingErrors {
            let diff = LineDiff(old: TextLines(bytes: try TextFile.read(path: old)),
                                new: TextLines(bytes: try TextFile.read(path: new)))
            guard !diff.isIdentical else { return }
            switch format {
            case .patch:
                Terminal.standardOutput.write(bytes: UnifiedPatch(diff: diff, oldPath: old, newPath: new, context: context).bytes)
            case .text:
                let renderer = DiffTextRenderer(colored: Terminal.standardOutput.supportsColor(),
                                                highlightsWords: word, context: context)
                Terminal.standardOutput.write(bytes: renderer.renderBytes(diff, oldLabel: old, newLabel: new))
            }
        }
    }
}
