import Foundation
import Testing

/// Runs `planfit refine`/`propose` from the package root against the crafted cassettes in
/// `fixtures/cassettes/crafted/`, exactly as they were recorded (same arguments, same server URL),
/// and checks after every run that the plan and team files were not touched.
enum CraftedReplay {
    static let plan = "fixtures/plans/checkout-v2.md"
    static let team = "fixtures/teams/payments.yaml"
    static let server = "http://127.0.0.1:8093"
    static let concern = "I am away 12-14..12-18 and Go is not my strongest skill"

    static let scenarios = ["refine-fixed", "refine-grounded", "refine-repair", "refine-silent-drop", "refine-unusable", "refine-worse",
                            "refine-truncated", "propose-fixed"]

    /// The recorded command line of `scenario`, replaying from `replay` (default: its own folder).
    static func arguments(_ scenario: String, replay: String? = nil, _ extra: [String] = []) -> [String] {
        var args = scenario.hasPrefix("propose")
            ? ["propose", plan, "--team", team, "--as", "bo", "--concern", concern]
            : ["refine", plan, "--team", team]
        if scenario == "refine-worse" { args += ["--max-repairs", "0"] }
        return args + ["--server", server, "--replay", replay ?? "fixtures/cassettes/crafted/\(scenario)"] + extra
    }

    /// The plan every successful crafted scenario ends with.
    static var fittedPlan: String {
        try! String(contentsOfFile: CLI.fixture("plans/checkout-v2-adapted.md"), encoding: .utf8)
    }

    static func inputBytes() throws -> [Data] {
        try [plan, team].map { try Data(contentsOf: CLI.packageRoot.appendingPathComponent($0)) }
    }

    /// Runs planfit from the package root with `cache` as `PLANFIT_CACHE` (a fresh one when nil).
    @discardableResult
    static func run(_ arguments: [String], cache: String? = nil) throws -> CLI.Result {
        let before = try inputBytes()
        let result = try CLI.run(arguments, environment: cache.map { ["PLANFIT_CACHE": $0] } ?? [:],
                                 currentDirectory: CLI.packageRoot)
        #expect(try inputBytes() == before, "planfit \(arguments.joined(separator: " ")) modified the plan or team file")
        return result
    }

    /// Runs planfit in the package root and decodes stdout as a JSON object.
    static func json(_ arguments: [String], cache: String) throws -> [String: Any] {
        let result = try run(arguments, cache: cache)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }
}

/// Runs `body` on `count` threads started together and returns their results in order: one thread
/// each, so every process really is running at the same time, whatever the core count.
func runAtOnce<T>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = IndexedResults<T>()
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            start.wait()
            let value = body(index)
            results.lock.lock()
            results.values[index] = value
            results.lock.unlock()
            group.leave()
        }
        thread.start()
    }
    for _ in 0..<count { start.signal() }
    group.wait()
    return (0..<count).map { results.values[$0]! }
}

/// Values collected from several threads, by index.
final class IndexedResults<T>: @unchecked Sendable {
    let lock = NSLock()
    var values: [Int: T] = [:]
}
