#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The table printed at the end of a batch, and the batch's exit status. Pure.
public struct BatchSummary: Sendable {
    public var results: [BatchPlanResult]
    public var outputDirectory: String

    public init(results: [BatchPlanResult], outputDirectory: String) {
        self.results = results
        self.outputDirectory = outputDirectory
    }

    public var failedCount: Int { results.filter { $0.failure != nil }.count }

    /// 0 when every plan succeeded; otherwise the exit status of the first failed plan in the order
    /// listed (65 for a bad plan, 69 for an unavailable server, ...), and 130 when the batch was
    /// interrupted, whatever failed first.
    public var exitStatus: Int32 {
        let failures = results.compactMap(\.failure)
        if failures.contains(where: \.cancelled) { return 130 }
        return failures.first?.exitStatus ?? 0
    }

    public var text: String {
        let header = ["plan", "verdict", "errors", "cache", "seconds"]
        var rows: [[String]] = []
        var errorRows: [Int: String] = [:]
        for (index, result) in results.enumerated() {
            let seconds = printfFormat("%.1f", result.seconds)
            switch result.outcome {
            case .succeeded(let s):
                rows.append([result.plan.path, s.verdict.rawValue, "\(s.errorsBefore) -> \(s.errorsAfter)", s.cacheStatus.rawValue, seconds])
            case .failed(let f):
                rows.append([result.plan.path])
                let firstLine = f.message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? f.message
                errorRows[index] = "failed (exit \(f.exitStatus)) after \(seconds)s: \(firstLine)"
            }
        }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                // Numbers read best right-aligned; the last column needs no padding.
                if column == cells.count - 1 && column == header.count - 1 {
                    return String(repeating: " ", count: widths[column] - cell.count) + cell
                }
                return cell.padding(toLength: widths[column])
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        for (index, row) in rows.enumerated() {
            if let error = errorRows[index] {
                out += row[0].padding(toLength: widths[0]) + "  " + error + "\n"
            } else {
                out += line(row) + "\n"
            }
        }
        let multiline = results.filter { ($0.failure?.message.contains("\n")) ?? false }
        if !multiline.isEmpty {
            out += "\nErrors in full:\n"
            for result in multiline {
                out += "\(result.plan.path):\n" + AdaptationReport.indent(result.failure!.message) + "\n"
            }
        }
        let failed = failedCount
        out += "\n\(results.count) plan\(results.count == 1 ? "" : "s"): \(results.count - failed) succeeded, \(failed) failed"
        if failed > 0 { out += " (exit \(exitStatus))" }
        out += "; outputs in \(outputDirectory)\n"
        return out
    }
}
