#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One plan of a batch: the path as the user gave it (or as found in a folder they gave) and the
/// name its output files take in the output folder.
public struct BatchPlan: Sendable, Equatable {
    public var path: String
    /// Unique within the batch; outputs are `NAME.txt` (or .md/.json/.patch) and `NAME.adapted.md`.
    public var name: String

    public init(path: String, name: String) {
        self.path = path
        self.name = name
    }

    /// The report file for this plan in `format`.
    public func reportFile(_ format: AdaptationReport.Format) -> String { name + "." + format.fileExtension }

    /// The adapted plan's file, written when the verdict is not `worse`.
    public var adaptedFile: String { name + ".adapted.md" }
}

extension AdaptationReport.Format {
    /// The extension a report in this format is saved with.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .markdown: return "md"
        case .json: return "json"
        case .patch: return "patch"
        case .html: return "html"
        case .note: return "note.txt"
        }
    }
}

/// Turns the PLANS arguments into the batch's plans: a file is one plan; a folder gives every `*.md`
/// directly inside it, in name order, except the `*.adapted.md` files a batch writes (so a batch whose
/// output folder is the plans folder does not take its own results as plans next time).
public enum BatchPlanList {
    public static func expand(_ arguments: [String], fileManager: FileManager = .default) throws -> [BatchPlan] {
        var paths: [String] = []
        for argument in arguments {
            if FileKind.of(argument) == .directory {
                let names: [String]
                do {
                    names = try fileManager.contentsOfDirectory(atPath: argument)
                } catch {
                    throw FileError(path: argument, kind: .unreadable, reason: FileError.reason(error))
                }
                let plans = names.filter { $0.hasSuffix(".md") && !$0.hasSuffix(".adapted.md") && !$0.hasPrefix(".") }.sorted()
                if plans.isEmpty { throw BatchError.noPlansInFolder(argument) }
                paths += plans.map { PathText.join(argument, $0) }
            } else {
                // A missing or unreadable file stays in the list: it fails on its own, like any bad plan.
                paths.append(argument)
            }
        }
        var seen = Set<String>()
        paths = paths.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
        return uniqueNames(paths)
    }

    /// The file name without its extension; a clash (two folders with a `plan.md`) gets `-2`, `-3`, in
    /// argument order, so names never depend on timing.
    static func uniqueNames(_ paths: [String]) -> [BatchPlan] {
        var taken = Set<String>()
        return paths.map { path in
            let file = PathText.lastComponent(path)
            let stem = PathText.deletingExtension(file)
            let base = stem.isEmpty ? file : stem
            var name = base
            var suffix = 2
            while taken.contains(name) {
                name = "\(base)-\(suffix)"
                suffix += 1
            }
            taken.insert(name)
            return BatchPlan(path: path, name: name)
        }
    }
}
