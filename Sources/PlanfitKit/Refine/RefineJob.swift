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
    /// Names the profile's source: the SHA-256 of its text and the day it was read for (the horizon
    /// defaults to today). With it the cache finds a repeated run by its inputs, without running the
    /// planner or rendering the prompt (`CacheKey.inputKey`); without it, only by the request key.
    public var profileSource: String?

    public init(mode: RefineMode, planText: String, plan: Plan, profile: TeamProfile, templates: PromptTemplates,
                parameters: RefineParameters, profileSource: String? = nil) {
        self.mode = mode
        self.planText = planText
        self.plan = plan
        self.profile = profile
        self.templates = templates
        self.parameters = parameters
        self.profileSource = profileSource
    }

    /// The `profileSource` of a profile whose text has SHA-256 `digest` (`InputDocument.digest`), read for
    /// `today`.
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
