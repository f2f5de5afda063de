#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How `planfit models` prints a server's models.
public enum ModelListing {
    public static func text(_ models: [ModelInfo], server: DiscoveredServer) -> String {
        if models.isEmpty { return "no models on \(ServerAddress.display(server.url))\n" }
        return models.map { model in
            var facts: [String] = []
            if let details = model.details { facts.append(details) }
            if let size = model.sizeBytes { facts.append(printfFormat("%.1f GB", Double(size) / 1e9)) }
            if let context = model.contextSize { facts.append("context \(context)") }
            return facts.isEmpty ? model.id + "\n" : "\(model.id)\t\(facts.joined(separator: ", "))\n"
        }.joined()
    }

    public static func json(_ models: [ModelInfo], server: DiscoveredServer) -> String {
        let list: [JSONValue] = models.map { model in
            var entry: [String: JSONValue] = ["id": .string(model.id)]
            if let d = model.digest { entry["digest"] = .string(d) }
            if let s = model.sizeBytes { entry["size"] = .int(s) }
            if let c = model.contextSize { entry["context_size"] = .int(c) }
            if let d = model.details { entry["details"] = .string(d) }
            return .object(entry)
        }
        let root: JSONValue = ["server": .string(ServerAddress.display(server.url)), "api": .string(server.api.rawValue),
                               "models": .array(list)]
        return JSONDocument.text(root)
    }
}
