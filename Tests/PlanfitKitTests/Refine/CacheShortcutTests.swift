import Foundation
import Testing
@testable import PlanfitKit

/// Issue 11: a repeat of a cached run finds its answer by the inputs' key, without the planner or the
/// prompt; the key moves with every input, and a run without an input key still hits by request key.
@Suite struct CacheShortcutTests {
    /// The inputs of `job`, as the command line computes them from the files' bytes before parsing.
    func inputs(_ mode: RefineMode = .refine, planText: String = RefineFixtures.originalText, source: String = "profile@2026-12-01",
                parameters: RefineParameters = RefineParameters(maxRepairs: 0), templates: PromptTemplates = .embedded) -> RefineInputs {
        RefineInputs(mode: mode, planDigest: SHA256Digest.hex(planText), profileSource: source, templates: templates,
                     parameters: parameters)
    }

    func job(_ mode: RefineMode = .refine, planText: String = RefineFixtures.originalText, source: String? = "profile@2026-12-01",
             parameters: RefineParameters = RefineParameters(maxRepairs: 0), templates: PromptTemplates = .embedded) throws -> RefineJob {
        var job = try RefineFixtures.job(mode, planText: planText, maxRepairs: parameters.maxRepairs, templates: templates)
        job.parameters = parameters
        job.inputKey = source.map { inputs(mode, planText: planText, source: $0, parameters: parameters, templates: templates).key }
        return job
    }

    func key(_ job: RefineJob) -> String? { job.inputKey }

    @Test func theInputKeyMovesWithEveryInput() throws {
        let base = inputs().key
        let variants: [RefineInputs] = [
            inputs(planText: RefineFixtures.originalText + "\n"),
            inputs(source: "profile@2026-12-02"),
            inputs(source: "other@2026-12-01"),
            inputs(.propose(asHandle: "bo", concern: nil)),
            inputs(.propose(asHandle: "bo", concern: "too much")),
            inputs(.propose(asHandle: "cy", concern: "too much")),
            inputs(parameters: RefineParameters(temperature: 0.3, maxRepairs: 0)),
            inputs(parameters: RefineParameters(seed: 7, maxRepairs: 0)),
            inputs(parameters: RefineParameters(maxTokens: 512, maxRepairs: 0)),
            inputs(parameters: RefineParameters(maxRepairs: 1)),
            inputs(templates: PromptTemplates(sources: RefineFixtures.embeddedSourcesWithEdit())),
        ]
        let keys = variants.map(\.key)
        #expect(!keys.contains(base))
        #expect(Set(keys).count == variants.count)
        #expect(inputs().key == base)
    }

    /// Only the templates the mode renders are inputs: editing propose's prompt leaves refine's key alone.
    @Test func theInputKeyCoversTheTemplatesTheModeRenders() {
        var sources = PromptTemplates.embedded.sources
        sources["propose.user.mustache", default: ""] += " "
        let edited = PromptTemplates(sources: sources)
        #expect(inputs(templates: edited).key == inputs().key)
        let propose = RefineMode.propose(asHandle: "bo", concern: nil)
        #expect(inputs(propose, templates: edited).key != inputs(propose).key)
        sources = PromptTemplates.embedded.sources
        sources["repair.user.mustache", default: ""] += " "
        #expect(inputs(templates: PromptTemplates(sources: sources)).key != inputs().key)
    }

    @Test func aRepeatTakesTheStoredPlannerResultAndAnswer() async throws {
        let folder = try TemporaryDirectory()
        let store = try SQLiteResultStore(path: folder.url.appendingPathComponent("cache.sqlite").path)
        let service = RefineService(store: store, policy: .normal, offline: false)
        let model = ScriptedChatModel(texts: [RefineFixtures.answer(RefineFixtures.fittedText)])
        let first = try await service.run(try job(), scope: .init(), connect: { model })
        #expect(first.cacheStatus == .miss)
        let inputKey = try #require(key(try job()))
        let prepared = try #require(try store.preparedRequest(inputKey: inputKey))
        #expect(prepared.requestKey == first.key.request)

        // Replace the stored planner result with a marked one: a repeat that shows the mark took the
        // short way (it did not run the planner), and still gave the stored answer.
        var marked = first.planner
        marked.searchedNodes = 424_242
        let encoded = String(decoding: try JSONEncoder().encode(marked), as: UTF8.self)
        try store.savePreparedRequest(inputKey: inputKey, requestKey: prepared.requestKey, planner: encoded)
        let repeated = try await service.run(try job(), scope: .init(), connect: { throw CancellationError() })
        #expect(repeated.cacheStatus == .hit)
        #expect(repeated.planner.searchedNodes == 424_242)
        #expect(repeated.key == first.key)
        #expect(repeated.outcome.rounds.count == first.outcome.rounds.count)
        #expect(model.requests.count == 1)

        // Without an input key the run finds the same answer by its request key, after the planner.
        let unnamed = try await service.run(try job(source: nil), scope: .init(), connect: { throw CancellationError() })
        #expect(unnamed.cacheStatus == .hit)
        #expect(unnamed.planner == first.planner)
    }

    @Test func aDamagedStoredPlannerResultIsRecomputedNotAnError() async throws {
        let folder = try TemporaryDirectory()
        let store = try SQLiteResultStore(path: folder.url.appendingPathComponent("cache.sqlite").path)
        let service = RefineService(store: store, policy: .normal, offline: false)
        let model = ScriptedChatModel(texts: [RefineFixtures.answer(RefineFixtures.fittedText)])
        let first = try await service.run(try job(), scope: .init(), connect: { model })
        let inputKey = try #require(key(try job()))
        try store.savePreparedRequest(inputKey: inputKey, requestKey: first.key.request, planner: "{not json")
        let repeated = try await service.run(try job(), scope: .init(), connect: { throw CancellationError() })
        #expect(repeated.cacheStatus == .hit)
        #expect(repeated.planner == first.planner)
        // The hit by request key stored a sound row again.
        let prepared = try #require(try store.preparedRequest(inputKey: inputKey))
        #expect(prepared.planner != "{not json")
    }
}

extension RefineFixtures {
    /// The carried templates with one character added to the refine system prompt.
    static func embeddedSourcesWithEdit() -> [String: String] {
        var sources = PromptTemplates.embedded.sources
        sources["refine.system.mustache", default: ""] += " "
        return sources
    }
}

/// `StoredReport.decode` reads its own rows without `JSONDecoder`: it must read them exactly as
/// `JSONDecoder` does, and leave to it whatever it does not handle.
@Suite struct StoredReportDecodingTests {
    static func viaJSONDecoder(_ text: String) -> StoredReport? {
        try? JSONDecoder().decode(StoredReport.self, from: Data(text.utf8))
    }

    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        let pieces = ["a", "Z", " ", "\n", "\r\n", "\t", "\"", "\\", "/", "é", "ü", "€", "😀", "👩‍👩‍👧", "\u{0}", "\u{1B}[31m", "\u{7F}",
                      "\u{202E}", "\u{FEFF}", "{", "}", "[", "]", ":", ",", "true", "null", "\\u00e9", "</plan>", "- Task @ana ~3d"]
        return (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func itReadsWhatTheEncodersWriteAsJSONDecoderDoes() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let report = StoredReport(text: Self.randomText(&generator), adaptedText: Self.randomText(&generator),
                                      isImprovement: Bool.random(using: &generator), verdictSentence: Self.randomText(&generator),
                                      adaptation: Self.randomText(&generator), model: Self.randomText(&generator),
                                      verdict: Self.randomText(&generator))
            let encoded = try report.encoded()
            #expect(StoredReport.decodeFlat(encoded) == report, "\(encoded)")
            #expect(StoredReport.decode(encoded) == Self.viaJSONDecoder(encoded))
            // The same members as canonical JSON (other escapes) and pretty-printed (white space).
            let value = try JSONValue.parse(encoded)
            for text in [value.canonicalText, value.prettyText] {
                #expect(StoredReport.decodeFlat(text) == report, "\(text)")
            }
        }
    }

    @Test func whatItDoesNotHandleIsLeftToJSONDecoder() throws {
        let base = try StoredReport(text: "t", adaptedText: "a", isImprovement: true, verdictSentence: "v", adaptation: "{}",
                                    model: "m", verdict: "fixed").encoded()
        func with(_ replacement: String, for original: String) -> String { base.replacingOccurrences(of: original, with: replacement) }
        // Read directly, as JSONDecoder reads them.
        for text in [with(#""model":"m\u00e9\ud83d\ude00\/","#, for: #""model":"m","#),
                     with(#""extra":null,"model":"m","#, for: #""model":"m","#),
                     " \n" + base + "\t "] {
            let flat = try #require(StoredReport.decodeFlat(text), "\(text)")
            #expect(flat == Self.viaJSONDecoder(text), "\(text)")
        }
        // Not read directly: decode gives JSONDecoder's verdict.
        for text in [with(#""extra":1,"model":"m","#, for: #""model":"m","#),
                     with(#""extra":{"a":"b"},"model":"m","#, for: #""model":"m","#),
                     with(#""model":"m","model":"n","#, for: #""model":"m","#),
                     with(#""model":"\ud83d","#, for: #""model":"m","#),
                     with(#""model":"\udc00x","#, for: #""model":"m","#),
                     with(#""model":null,"#, for: #""model":"m","#),
                     with(#""isImprovement":"yes""#, for: #""isImprovement":true"#),
                     with("", for: #""model":"m","#),
                     "{not json", "", "[]", base + "x", with("\"model\":\"m\u{1}\",", for: #""model":"m","#)] {
            #expect(StoredReport.decodeFlat(text) == nil, "\(text)")
            #expect(StoredReport.decode(text) == Self.viaJSONDecoder(text), "\(text)")
        }
    }
}
