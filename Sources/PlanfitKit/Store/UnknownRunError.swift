/// `planfit show RUN` named a run the store does not hold (never recorded, or pruned).
public struct UnknownRunError: PlanfitError, Equatable {
    public var id: Int64
    public var path: String

    public init(id: Int64, path: String) {
        self.id = id
        self.path = path
    }

    public var exitStatus: ExitStatus { .noInput }

    public var description: String {
        id == 0 ? "no runs are recorded in \(path) yet"
            : "no run \(id) in \(path); `planfit history` lists the recorded runs (pruned runs are gone)"
    }
}
