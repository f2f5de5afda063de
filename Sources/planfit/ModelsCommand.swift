import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PlanfitKit

/// `planfit models`: the models the server offers.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models the model server offers.")

    @OptionGroup var server: ModelServerOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

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
