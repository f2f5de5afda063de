#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The prompt templates in use: the copies the binary carries, or a folder given with `--prompts`.
public struct PromptTemplates: Sendable {
    public static let names = ["refine.system.mustache", "refine.user.mustache", "propose.system.mustache",
                               "propose.user.mustache", "repair.user.mustache"]

    /// Template text by file name.
    public let sources: [String: String]
    /// `hashes` of templates whose text is known not to have changed: the carried copies, hashed when
    /// they were generated. Empty for any other templates.
    private let knownHashes: [String: String]

    /// The carried copies (generated from `prompts/` by `scripts/embed-prompts`).
    public static let embedded = PromptTemplates(sources: EmbeddedPrompts.templates, knownHashes: EmbeddedPrompts.hashes)

    public init(sources: [String: String]) {
        self.sources = sources
        self.knownHashes = [:]
    }

    private init(sources: [String: String], knownHashes: [String: String]) {
        self.sources = sources
        self.knownHashes = knownHashes
    }

    /// Templates from a folder; a file the folder lacks falls back to the carried copy.
    public static func load(directory: String) throws -> PromptTemplates {
        let kind = FileKind.of(directory)
        guard kind == .directory else { throw PromptFolderError(path: directory, isFile: kind != .missing) }
        var sources = EmbeddedPrompts.templates
        for name in names {
            let path = PathText.join(directory, name)
            if FileKind.of(path) != .missing { sources[name] = try InputFile.readText(path: path) }
        }
        let templates = PromptTemplates(sources: sources)
        for name in names { _ = try templates.template(name) }
        return templates
    }

    func template(_ name: String) throws -> MustacheTemplate {
        guard let source = sources[name] else { throw PromptTemplateError(name: name, reason: "the template is missing") }
        do {
            return try MustacheTemplate(string: source)
        } catch {
            throw PromptTemplateError(name: name, reason: "\(error)")
        }
    }

    /// SHA-256 of each template's text: part of the cache key, so editing a prompt never serves an
    /// answer the old prompt produced. (Hashed from the text's UTF-8 directly: going through `Data`
    /// copied it byte by byte, and cost a cache hit more than the hashing.)
    public func hashes(_ names: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, knownHashes[$0] ?? SHA256Digest.hex(sources[$0] ?? "")) })
    }

    public func render(_ name: String, _ context: [String: TemplateValue]) throws -> String {
        try template(name).render(context)
    }
}

/// `--prompts` names something that is not a folder. (`FileError` would say "no such file", which
/// is wrong for a file that exists and does not say which option to fix.)
public struct PromptFolderError: PlanfitError, Equatable {
    public var path: String
    public var isFile: Bool
    public var exitStatus: ExitStatus { .noInput }
    public var description: String {
        "--prompts \(path): \(isFile ? "is a file, not a folder" : "no such folder"); "
            + "give a folder holding the *.mustache templates to override (see prompts/ in the planfit sources)"
    }
}

/// A prompt template that does not parse.
public struct PromptTemplateError: PlanfitError {
    public var name: String
    public var reason: String
    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "prompt template \(name): \(reason)" }
}
