/// A command that only reads the cache (`cache stats`) was pointed at a file that does not exist. It
/// reports that instead of creating an empty cache there, which would hide a mistyped `--cache` path.
public struct MissingCacheError: PlanfitError, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    public var exitStatus: ExitStatus { .noInput }
    public var description: String {
        "no cache at \(path): the file does not exist (planfit creates it on the first refine, propose, fit or batch; check --cache or PLANFIT_CACHE)"
    }
}
