import FoundationEssentials

/// A router's `/health`: LiteLLM's proxy answers it (with its key) by asking each backend it routes to,
/// with 200 and `{"healthy_endpoints": [...], "unhealthy_endpoints": [...], "healthy_count": N,
/// "unhealthy_count": M}` however many failed, where llama.cpp answers 200 or 503 for itself. Each
/// endpoint names its `api_base`; an unhealthy one also carries the error and a stack trace, which
/// `planfit doctor` leaves out.
struct RouterHealth: Equatable {
    var healthy: [String]
    var unhealthy: [String]

    /// Nil when the body is not a router's health report (llama.cpp's `{"status":"ok"}`, anything else).
    static func parse(_ data: Data) -> RouterHealth? {
        guard let json = try? JSONValue.parse(data),
              let healthy = json["healthy_endpoints"]?.arrayValue, let unhealthy = json["unhealthy_endpoints"]?.arrayValue
        else { return nil }
        func names(_ endpoints: [JSONValue]) -> [String] {
            endpoints.map { endpoint in
                let name = endpoint["api_base"]?.stringValue ?? endpoint["model"]?.stringValue ?? "an unnamed backend"
                return TerminalText.sanitised(ModelServerError.bounded(name, limit: 200))
            }
        }
        return RouterHealth(healthy: names(healthy), unhealthy: names(unhealthy))
    }

    /// "2 of 2 backends healthy (...)", for the doctor's line.
    var summary: String {
        let total = healthy.count + unhealthy.count
        var text = "\(healthy.count) of \(total) backend\(total == 1 ? "" : "s") healthy (router)"
        if !unhealthy.isEmpty { text += "; failing: \(unhealthy.joined(separator: ", "))" }
        return text
    }
}
