import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit doctor`: checks the model server and says how to fix what is wrong.
struct DoctorCommand: AsyncCommand {
    static let about = CommandAbout(
        name: "doctor",
        abstract: "Check the model server: where it is, its API and version, its models and context size.")
    var server = ModelServerOptions()

    static var declarations: [Declaration<Self>] {
        [
            .group(\.server),
        ]
    }

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
