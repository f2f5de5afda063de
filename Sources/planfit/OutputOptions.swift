import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

extension Terminal.ColorChoice: ArgumentValue {}

/// How much planfit says on stderr, for one run.
enum Verbosity: Sendable {
    /// Only errors and warnings: no progress, no "wrote ..." lines.
    case quiet
    case normal
    /// Also the rendered prompt sent to the model and its raw answer (like `llm logs`).
    case verbose

    static var current: Verbosity {
        get { box.lock.withLock { box.value } }
        set { box.lock.withLock { box.value = newValue } }
    }

    /// `@unchecked Sendable`: a lock-guarded box; every mutable property is read and written under `lock`.
    private final class Box: @unchecked Sendable {
        let lock = Lock()
        var value = Verbosity.normal
    }

    private static let box = Box()
}

/// `--color`, `--quiet`, `--verbose`: shared by the commands that print reports.
struct OutputOptions: CommandArguments {
    var color: Terminal.ColorChoice = .auto
    var quiet = false
    var verbose = false

    static var declarations: [Declaration<Self>] {
        [
            .option(\.color, name: "color", valueName: "when", help: "Colour: auto (a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE force it), always or never."),
            .flag(\.quiet, name: "quiet", short: "q", help: "Print no progress on standard error (errors and warnings still)."),
            .flag(\.verbose, name: "verbose", short: "v", help: "Also print on standard error the rendered prompt sent to the model and its raw answer."),
        ]
    }

    /// ArgumentParser validates every option group before the command runs, so this is where the
    /// process-wide choices are set: before the first byte is written, as `Terminal` requires.
    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other; pick one.") }
        Terminal.colorChoice = color
        Verbosity.current = quiet ? .quiet : (verbose ? .verbose : .normal)
    }
}
