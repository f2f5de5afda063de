#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One line of `planfit doctor`.
public struct DoctorCheck: Sendable, Equatable {
    public var label: String
    public var value: String
    public var ok: Bool

    public init(label: String, value: String, ok: Bool) {
        self.label = label
        self.value = value
        self.ok = ok
    }
}

/// What `planfit doctor` found: each check in order, and the first failure (its message carries the fix).
public struct DoctorReport: Sendable {
    public var checks: [DoctorCheck]
    public var failure: ModelServerError?

    public var exitStatus: ExitStatus { failure?.exitStatus ?? .success }

    public func render() -> String {
        let width = (checks.map(\.label.count).max() ?? 0) + 2
        return checks.map { check in
            let mark = check.ok ? "ok  " : "FAIL"
            return "\(mark) \(check.label.padding(toLength: width))\(check.value)\n"
        }.joined()
    }
}

/// Checks the model server step by step (where it is, what it speaks, whether it is ready, which
/// models it has, how much context, whether the chosen model is there) and stops at the first
/// failure, reporting its fix. Never throws: a failure is the report.
public enum ModelServerDoctor {
    public static func diagnose(settings: ModelServerSettings, transport: any Transport) async -> DoctorReport {
        // Report a loading server at once rather than waiting for it, but still ride out one hiccup.
        let retry = RetryPolicy(maxRetries: 1, loadingWait: 0)
        var checks: [DoctorCheck] = []
        func fail(_ label: String, _ error: Error) -> DoctorReport {
            let modelError = error as? ModelServerError
            checks.append(DoctorCheck(label: label, value: (error as? PlanfitError)?.description ?? "\(error)", ok: false))
            return DoctorReport(checks: checks, failure: modelError
                ?? .networkFailure(server: settings.server.map(ServerAddress.display) ?? "the model server", reason: "\(error)"))
        }

        let server: DiscoveredServer
        do {
            server = try await ServerDiscovery.locate(settings: settings, transport: transport, retry: retry)
        } catch {
            return fail("server", error)
        }
        let source = settings.server == nil ? "found on a default port" : "from \(settings.serverSource)"
        checks.append(DoctorCheck(label: "server", value: "\(ServerAddress.display(server.url)) (\(source))", ok: true))
        let apiName = server.api == .ollama ? "ollama (native /api)" : "openai-compatible (/v1)"
        checks.append(DoctorCheck(label: "api", value: apiName, ok: true))
        checks.append(DoctorCheck(label: "version", value: server.version ?? "not reported", ok: true))

        let connection = ServerConnection(baseURL: server.url, transport: transport, apiKey: settings.apiKey, retry: retry)
        if server.api == .openai {
            // llama.cpp's /health: 200 ready, 503 loading. A router's (LiteLLM) asks its backends and lists
            // them (RouterHealth). Other servers have no such route.
            do {
                let health = try await connection.transport.send(connection.request("GET", "/health"))
                let data = try await health.collectBody(limit: 1 << 20)
                let body = ServerErrorBody.parse(data)
                if health.status == 503 {
                    return fail("health", ModelServerError.serverStillLoading(server: connection.displayURL, waitedSeconds: 0))
                }
                if health.status == 200, let router = RouterHealth.parse(data) {
                    guard !router.healthy.isEmpty else {
                        return fail("health", ModelServerError.noHealthyBackend(server: connection.displayURL, failing: router.unhealthy))
                    }
                    checks.append(DoctorCheck(label: "health", value: router.summary, ok: true))
                } else if health.status == 200 { checks.append(DoctorCheck(label: "health", value: "ready", ok: true)) }
                else if health.status != 404 {
                    checks.append(DoctorCheck(label: "health", value: "HTTP \(health.status): \(body.message)", ok: true))
                }
            } catch {
                return fail("health", error)
            }
        }

        let models: [ModelInfo]
        do {
            models = try await ServerDiscovery.listModels(server, connection: connection)
        } catch {
            return fail("models", error)
        }
        checks.append(DoctorCheck(label: "models", value: models.isEmpty ? "none" : models.map(\.id).joined(separator: ", "),
                                  ok: !models.isEmpty))

        let chosen: ModelInfo
        do {
            chosen = try ServerDiscovery.chooseModel(requested: settings.model, from: models, server: server)
        } catch {
            return fail("model", error)
        }
        let how = settings.model == nil ? "the only model offered" : "present"
        checks.append(DoctorCheck(label: "model", value: "\(chosen.id) (\(how))", ok: true))

        var context = server.contextSize.map { "\($0) tokens per request" }
        if context == nil, server.api == .ollama,
           let show = try? await connection.sendExpectingSuccess(
               connection.request("POST", OllamaBackend.showPath, body: ["model": .string(chosen.id)]), api: .ollama),
           let json = try? JSONValue.parse(await show.collectBody()),
           let length = OllamaBackend.contextLength(fromShow: json) {
            context = "\(length) tokens (model maximum; requests may set num_ctx)"
        }
        if context == nil, let trained = chosen.contextSize { context = "\(trained) tokens (model maximum)" }
        checks.append(DoctorCheck(label: "context", value: context ?? "not reported by this server", ok: true))
        return DoctorReport(checks: checks, failure: nil)
    }
}
