import Foundation
@testable import ArgumentKit

/// A small tool shaped like planfit, for the reader, help, completion and manual tests:
///
///     tool check <plan> --team <file> [--format f] [--seed n] [-o file] [--replay dir] [-qv] [--strict]
///     tool fit <plans> ... [--team <file>] [--fail] [--exit n] [-qv]      (async)
///     tool cache prune [--older-than days] [--dir dir]
///     tool cache clear [--yes]
///
/// The help texts carry brackets, colons, quotes and backslashes, for the escaping of every output.
enum SampleTool {
    static var root: CommandTree {
        CommandTree(CommandAbout(
            name: "tool",
            abstract: "Fit a plan to a team [sample]: a test's tool.",
            discussion: """
                tool checks plans. It reads Markdown and writes a report. Paths may contain \\ backslashes.
                A second line of the same paragraph.

                .A line that starts with a dot, and 'quotes' and "double quotes".

                Examples:
                    tool check plan.md --team team.yaml
                      indented further
                    tool fit *.md

                Exit status: 0 success · 1 findings · 64 usage.
                """),
        subcommands: [
            CommandTree(CheckCommand.self),
            CommandTree(FitCommand.self),
            CommandTree(CommandAbout(name: "cache", abstract: "Look after the cache."), subcommands: [
                CommandTree(CachePruneCommand.self),
                CommandTree(CacheClearCommand.self),
            ]),
        ])
    }

    /// A tool whose writers append to `output`.
    static func tool(_ output: Output, root: CommandTree = root) -> CommandLineTool {
        CommandLineTool(root: root, version: "1.2.3", standardOutput: { output.append(out: $0) },
                        standardError: { output.append(err: $0) })
    }

    /// Runs `arguments` through the tool: the exit status and what it printed.
    ///
    /// On a thread of its own, as `main` runs on the process's main thread: an async command's run
    /// blocks the calling thread until its task ends, and blocking the test's own thread, one of the
    /// few the concurrency runtime has, could leave the task no thread to run on.
    /// `single` runs a tool that is one command, `tool check`'s, instead.
    static func run(_ arguments: [String], single: Bool = false) async -> (status: Int32, stdout: String, stderr: String, ran: [String]) {
        let output = Output()
        let status = await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
            Thread {
                let root = single ? CommandTree(CheckCommand.self) : root
                done.resume(returning: Output.$current.withValue(output) { tool(output, root: root).run(arguments) })
            }.start()
        }
        return (status, output.stdout, output.stderr, output.ran)
    }
}

enum Format: String, CaseIterable, ArgumentValue, Sendable {
    case text, json, markdown
}

/// Options two commands share, with a validation of their own.
struct OutputOptions: CommandArguments, Sendable {
    var quiet = false
    var verbose = false

    static var declarations: [Declaration<Self>] {
        [
            .flag(\.quiet, name: "quiet", short: "q", help: "Print only errors."),
            .flag(\.verbose, name: "verbose", short: "v", help: "Print every step."),
        ]
    }

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other") }
    }
}

struct CheckCommand: Command {
    static let about = CommandAbout(
        name: "check", abstract: "Check a plan against a team's capacity.",
        discussion: "Reads the plan and the team profile.\nNothing is written.")

    var plan = ""
    var team = ""
    var format = Format.text
    var seed = 0
    var output: String?
    var replay: String?
    var dump: String?
    var strict = false
    var options = OutputOptions()

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.plan, name: "plan", help: "The plan (Markdown).", completion: .file(extensions: ["md"])),
            .option(\.team, name: "team", short: "t", valueName: "file", help: "The team profile [YAML]: members, skills.",
                    required: true, completion: .file(extensions: ["yaml", "yml"])),
            .option(\.format, name: "format", short: "f", help: "How to print the report: 'text' is for people."),
            .option(\.seed, name: "seed", valueName: "n", help: "A seed \\ for the order of ties."),
            .option(\.output, name: "output", short: "o", valueName: "file", help: "Where to write; - for standard output.",
                    completion: .anyFile),
            .option(\.replay, name: "replay", valueName: "folder", help: "Answers recorded earlier.", completion: .directory),
            .option(\.dump, name: "debug-dump", valueName: "what", help: "Internal.", hidden: true),
            .flag(\.strict, name: "strict", short: "s", help: "Treat warnings as errors."),
            .group(\.options),
        ]
    }

    func validate() throws {
        if options.quiet && format == .json { throw ValidationError("--quiet has no effect with --format json") }
    }

    func run() throws {
        Output.current?.ran.append(
            "check plan=\(plan) team=\(team) format=\(format.rawValue) seed=\(seed) output=\(output ?? "-")"
                + " strict=\(strict) quiet=\(options.quiet) verbose=\(options.verbose)")
    }
}

struct FitCommand: AsyncCommand {
    static let about = CommandAbout(name: "fit", abstract: "Fit plans to the team.")

    var plans: [String] = []
    var team: String?
    var fail = false
    var exit = 0
    var options = OutputOptions()

    static var declarations: [Declaration<Self>] {
        [
            .arguments(\.plans, name: "plans", help: "The plans.", completion: .file(extensions: ["md"])),
            .option(\.team, name: "team", short: "t", valueName: "file", help: "The team profile.",
                    completion: .file(extensions: ["yaml", "yml"])),
            .flag(\.fail, name: "fail", help: "Fail with an error."),
            .option(\.exit, name: "exit", valueName: "status", help: "End with this exit status."),
            .group(\.options),
        ]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "the model server went away" }
    }

    func run() async throws {
        await Task.yield()
        Output.current?.ran.append("fit plans=\(plans.joined(separator: ",")) team=\(team ?? "-")")
        if fail { throw Failure() }
        if exit != 0 { throw ExitCode(Int32(exit)) }
    }
}

struct CachePruneCommand: Command {
    static let about = CommandAbout(name: "prune", abstract: "Remove old entries.")

    var olderThan = 30
    var dir: String?

    static var declarations: [Declaration<Self>] {
        [
            .option(\.olderThan, name: "older-than", valueName: "days", help: "Entries older than this many days."),
            .option(\.dir, name: "dir", valueName: "folder", help: "The cache's folder.", completion: .directory),
        ]
    }

    func run() throws { Output.current?.ran.append("prune older-than=\(olderThan) dir=\(dir ?? "-")") }
}

struct CacheClearCommand: Command {
    static let about = CommandAbout(name: "clear", abstract: "Remove every entry.")

    var yes = false

    static var declarations: [Declaration<Self>] {
        [.flag(\.yes, name: "yes", short: "y", help: "Do not ask.")]
    }

    func run() throws { Output.current?.ran.append("clear yes=\(yes)") }
}

/// What a run printed and which commands ran, collected per test through a task-local (tests run in
/// parallel; an async command's task inherits it).
final class Output: @unchecked Sendable {
    @TaskLocal static var current: Output?

    private let lock = NSLock()
    private var _stdout = ""
    private var _stderr = ""
    private var _ran: [String] = []

    var stdout: String { lock.withLock { _stdout } }
    var stderr: String { lock.withLock { _stderr } }
    var ran: [String] {
        get { lock.withLock { _ran } }
        set { lock.withLock { _ran = newValue } }
    }

    func append(out text: String) { lock.withLock { _stdout += text } }
    func append(err text: String) { lock.withLock { _stderr += text } }
}
