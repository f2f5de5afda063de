import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit doctor`: checks the model server and says how to fix what is wrong.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the model server: where it is, its API and version, its models and context size.")

    @OptionGroup var server: ModelServerOptions

    func run() async throws {
        let settings = try reportingErrors { try server.settings() }
        let report = try await cancellingOnInterrupt {
            try await reportingErrors {
                await ModelServerDoctor.diagnose(settings: settings, transport: try settings.makeTransport())
            }
        }
        Terminal.standardOutput.write(report.render())
        if report.exitStatus != .success { throw ExitCode(report.exitStatus.rawValue) }
    }
}
