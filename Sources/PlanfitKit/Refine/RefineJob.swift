/// Who is asking: a leader refining their draft, or a member proposing an alternative to a plan they
/// were handed.
public enum RefineMode: Sendable, Equatable, Codable {
    case refine
    case propose(asHandle: String, concern: String?)

    public var command: String {
        switch self {
        case .refine: return "refine"
        case .propose: return "propose"
        }
    }

    var includesNote: Bool { if case .propose = self { return true } else { return false } }
}

/// Sampling and loop settings. All of them are part of the cache key.
public struct RefineParameters: Sendable, Equatable, Codable {
    public var temperature: Double
    public var seed: Int
    public var maxTokens: Int
    public var maxRepairs: Int

    /// What the command line accepts. The bounds keep sizes computed from these (the schema's budget,
    /// round counts) far from Int overflow, and match what servers take: llama.cpp seeds are 32-bit,
    /// and no local model writes 128k tokens in one answer.
    public static let temperatureRange = 0.0...2.0
    public static let seedRange = 0...Int(UInt32.max)
    public static let maxTokensRange = 16...131_072
    public static let maxRepairsRange = 0...10

    public init(temperature: Double = 0.2, seed: Int = 42, maxTokens: Int = 4096, maxRepairs: Int = 2) {
        self.temperature = temperature
        self.seed = seed
        self.maxTokens = maxTokens
        self.maxRepairs = maxRepairs
    }
}

/// Everything one `refine`/`propose` run works on, as values.
public struct RefineJob: Sendable {
    public var mode: RefineMode
    public var planText: String
    public var plan: Plan
    public var profile: TeamProfile
    public var templates: PromptTemplates
    public var parameters: RefineParameters
    /// `CacheKey.inputKey` of the `RefineInputs` this job was parsed from. With it the cache finds a
    /// repeated run by its inputs, without running the planner or rendering the prompt; without it,
    /// only by the request key. The caller computes it (before parsing, to look for a stored report
    /// first) and hands it over, so it is hashed once per run.
    public var inputKey: String?

    public init(mode: RefineMode, planText: String, plan: Plan, profile: TeamProfile, templates: PromptTemplates,
                parameters: RefineParameters, inputKey: String? = nil) {
        self.mode = mode
        self.planText = planText
        self.plan = plan
        self.profile = profile
        self.templates = templates
        self.parameters = parameters
        self.inputKey = inputKey
    }

    /// The `RefineInputs.profileSource` of a profile whose bytes have SHA-256 `digest`
    /// (`InputDocument.digest`), read for `today` (the default horizon counts from it).
    public static func profileSource(digest: String, today: Day) -> String {
        digest + "@" + today.description
    }

    /// Checks that need no model: `--as` must be a member.
    public func validate() throws {
        if case .propose(let handle, _) = mode, profile.member(handle) == nil {
            throw RefineError.unknownMember(handle: handle, members: profile.members.map(\.handle))
        }
    }
}

/// What a `refine`/`propose` run's result is a function of, as known before anything is parsed: the
/// digests of the plan's and the profile's bytes, the day the profile is read for, the mode (with
/// `--as` and `--concern`), the prompt templates the mode renders and the sampling parameters; the key
/// adds planfit's version (`CacheKey.inputKey`). For one planfit version, parsing, the rules, the
/// planner and the prompt are deterministic on these, so a run whose inputs have the key of an earlier
/// run's may reuse what that run derived (the planner's result, the request key, the printed report)
/// without reading the plan or the profile at all.
public struct RefineInputs: Sendable, Equatable {
    public var mode: RefineMode
    /// SHA-256 of the plan's bytes, hex (`InputDocument.digest`).
    public var planDigest: String
    /// `RefineJob.profileSource`: the profile's bytes and the day it is read for.
    public var profileSource: String
    /// SHA-256 of each template the mode renders, by name (`PromptTemplates.hashes`).
    public var templateHashes: [String: String]
    public var parameters: RefineParameters

    public init(mode: RefineMode, planDigest: String, profileSource: String, templates: PromptTemplates,
                parameters: RefineParameters) {
        self.mode = mode
        self.planDigest = planDigest
        self.profileSource = profileSource
        self.templateHashes = templates.hashes(PromptRenderer(templates: templates).templateNames(for: mode))
        self.parameters = parameters
    }

    /// `CacheKey.inputKey(self)`.
    public var key: String { CacheKey.inputKey(self) }
}
