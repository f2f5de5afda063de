#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a refine/propose run printed and wrote, stored so that the same run repeated prints it again
/// without grounding and rendering the answer anew (issue 11: a cache hit within 2x of a `sqlite3`
/// read). Found by a key over the run's inputs, the answer it showed and every option that shapes the
/// output (`RefineService.reportKey`): any difference renders afresh.
public struct StoredReport: Codable, Sendable, Equatable {
    /// The report as printed.
    public var text: String
    /// The plan `-o` writes (the adapted plan).
    public var adaptedText: String
    /// Whether the plan shown is no worse than the original: `-o` is written and the exit status is 0.
    public var isImprovement: Bool
    /// Why `-o` was not written, when it was not.
    public var verdictSentence: String
    /// The `StoredAdaptation` JSON the history keeps for `planfit apply`.
    public var adaptation: String
    public var model: String
    public var verdict: String

    public init(text: String, adaptedText: String, isImprovement: Bool, verdictSentence: String, adaptation: String,
                model: String, verdict: String) {
        self.text = text
        self.adaptedText = adaptedText
        self.isImprovement = isImprovement
        self.verdictSentence = verdictSentence
        self.adaptation = adaptation
        self.model = model
        self.verdict = verdict
    }

    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Nil for a row this planfit cannot read: the run is then rendered afresh.
    public static func decode(_ text: String) -> StoredReport? {
        try? JSONDecoder().decode(StoredReport.self, from: Data(text.utf8))
    }
}
