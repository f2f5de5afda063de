import ArgumentKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit models`: the models the server offers.
struct ModelsCommand: AsyncCommand {
    static let about = CommandAbout(
        name: "models",
        abstract: "List the models the model server offers.")
    var server = ModelServerOptions()
    var json = false

    static var declarations: [Declaration<Self>] {
        [
            .group(\.server),
            .flag(\.json, name: "json", help: "Print JSON instead of text."),
        ]
    }

    func run() async throws {
        let settings = try reportingErrors { try server.settings() }
        let asJSON = json
        let text = try await cancellingOnInterrupt {
            try await reportingErrors {
                let transport = try settings.makeTransport()
                let found = try await ServerDiscovery.locate(settings: settings, transport: transport)
                let connection = ServerConnection(baseURL: found.url, transport: transport, apiKey: settings.apiKey)
                let models = try await ServerDiscovery.listModels(found, connection: connection)
                return asJSON ? ModelListing.json(models, server: found) : ModelListing.text(models, server: found)
            }
        }
        if asJSON { Terminal.standardOutput.writeVerbatim(text) } else { Terminal.standardOutput.write(text) }
    }
}
