/// How one plan of a batch ended.
public struct BatchPlanResult: Sendable {
    public struct Success: Sendable, Equatable {
        public var verdict: RefineOutcome.Verdict
        public var errorsBefore: Int
        public var errorsAfter: Int
        public var cacheStatus: CacheStatus
        public var cacheKey: String
        /// Paths of the files written for this plan, report first.
        public var files: [String]
        /// The report as written to the report file; the run history keeps it for `planfit show`.
        public var report: String
    }

    public struct Failure: Sendable, Equatable {
        /// The exit status this failure has on its own (`planfit refine` on this plan would exit with it).
        public var exitStatus: Int32
        public var message: String
        public var cancelled: Bool

        public init(exitStatus: Int32, message: String, cancelled: Bool = false) {
            self.exitStatus = exitStatus
            self.message = message
            self.cancelled = cancelled
        }

        /// Typed errors keep their status; a cancelled run is 130, like Ctrl-C on `refine`.
        public init(_ error: Error) {
            if let error = error as? PlanfitError {
                self.init(exitStatus: error.exitStatus.rawValue, message: error.description)
            } else if error is CancellationError {
                self.init(exitStatus: 130, message: "interrupted", cancelled: true)
            } else {
                self.init(exitStatus: ExitStatus.temporaryFailure.rawValue, message: "\(error)")
            }
        }
    }

    public enum Outcome: Sendable, Equatable {
        case succeeded(Success)
        case failed(Failure)
    }

    public var plan: BatchPlan
    public var outcome: Outcome
    public var seconds: Double
    /// Hex SHA-256 of the plan file, when it could be read.
    public var planDigest: String?

    public var failure: Failure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }

    public var success: Success? {
        if case .succeeded(let success) = outcome { return success }
        return nil
    }
}
