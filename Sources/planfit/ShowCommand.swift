import ArgumentKit
import PlanfitKit

struct ShowCommand: Command {
    static let about = CommandAbout(
        name: "show",
        abstract: "Reprint a recorded run's output exactly as it was printed, or re-render it (--format).",
        discussion: """
            `planfit history` lists the run ids; `last` is the latest run. A run that failed printed \
            nothing: show prints its stored error on standard error and exits with the run's exit code.

            --format re-renders a stored refine, propose or fit run in that format (text, markdown, json, \
            patch, html, note) from the plan, profile and changes the run stored. A fit run comes back \
            whole; a refine or propose run lacks the model's rounds, risks, questions and note, and the \
            report says so. Other runs have no report to re-render.
            """)
    var runID: String = ""
    var format: AdaptationReport.Format?
    var cache = CacheOptions()
    var today: String?

    static var declarations: [Declaration<Self>] {
        [
            .argument(\.runID, name: "run", help: "The run id, or last."),
            .option(\.format, name: "format", valueName: "format", help: "Re-render a stored refine, propose or fit run in this format instead of reprinting its output."),
            .group(\.cache),
            .option(\.today, name: "today", help: "Count the default horizon from this day instead of today (YYYY-MM-DD).", hidden: true),
        ]
    }

    func validate() throws {
        if runID != "last" && Int64(runID) == nil { throw ValidationError("RUN must be a run id from `planfit history` or `last`, got '\(runID)'.") }
    }

    func run() throws {
        let record = try reportingErrors {
            try cache.withStore { store -> RunRecord in
                if runID == "last" {
                    guard let latest = try store.recentRuns(limit: 1).first else {
                        throw UnknownRunError(id: 0, path: store.path)
                    }
                    return latest
                }
                guard let record = try store.run(id: Int64(runID)!) else { throw UnknownRunError(id: Int64(runID)!, path: store.path) }
                return record
            }
        }
        if let format {
            try reportingErrors { try rerender(record, format: format) }
            return
        }
        Terminal.standardOutput.write(record.output)
        if record.outcome != .ok, let error = record.error {
            Terminal.standardError.write("planfit: run \(record.id ?? 0) failed: \(error)\n")
        }
        if record.exitCode != 0 { throw ExitCode(record.exitCode) }
    }

    /// Rebuilds the run's result from its stored adaptation and renders it like the command would.
    func rerender(_ record: RunRecord, format: AdaptationReport.Format) throws {
        let id = record.id ?? 0
        guard ["refine", "propose", "fit"].contains(record.command), let text = record.adaptation,
              let stored = StoredAdaptation.decode(text) else {
            throw UsageError("run \(id) (\(record.command)) has no report to re-render: only refine, propose and fit runs store one. `planfit show \(id)` reprints its output.")
        }
        let profile = try TeamProfileLoader(today: TodayOption.day(today)).parse(stored.profileText, file: stored.teamPath)
        var result = try GroundedResult.restored(stored, profile: profile)
        // The member a propose run wrote for is not in the stored adaptation, but is in its arguments.
        if let i = record.arguments.firstIndex(of: "--as"), i + 1 < record.arguments.count {
            result.asHandle = record.arguments[i + 1].hasPrefix("@") ? String(record.arguments[i + 1].dropFirst()) : record.arguments[i + 1]
        }
        let report = AdaptationReport(result: result)
        let output = report.render(format, style: ANSIStyle(enabled: Terminal.standardOutput.supportsColor()))
        if [.json, .patch, .html].contains(format) { Terminal.standardOutput.writeData(output) } else { Terminal.standardOutput.write(output) }
    }
}
