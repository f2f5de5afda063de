import ArgumentKit
import PlanfitKit

/// Every numeric flag is checked against its range before anything runs, so a value such as
/// `--max-tokens 4611686018427387904` is a usage error (exit 64) naming the flag and the range rather
/// than an overflow trap deep inside a run.
func checkRange(_ flag: String, _ value: Int, _ range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(flag) must be from \(range.lowerBound) to \(range.upperBound) (got \(value)).")
    }
}

func checkRange(_ flag: String, _ value: Double, _ range: ClosedRange<Double>) throws {
    // NaN is in no range: `contains` is false for it.
    guard range.contains(value) else {
        throw ValidationError("\(flag) must be from \(range.lowerBound.formatted) to \(range.upperBound.formatted) (got \(value)).")
    }
}
