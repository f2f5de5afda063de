import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// Runs a command body and turns planfit's typed errors into a message on stderr and the exit code
/// docs/architecture.md assigns, so every command reports failures the same way.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as PlanfitError {
        throw report(error)
    }
}

func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PlanfitError {
        throw report(error)
    }
}

/// The one place a planfit error reaches the user: its message on stderr, and the exit code to end with.
func report(_ error: PlanfitError) -> ExitCode {
    Terminal.standardError.write("planfit: error: \(error.description)\n")
    return ExitCode(error.exitStatus.rawValue)
}
