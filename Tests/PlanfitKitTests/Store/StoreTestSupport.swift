import Foundation
import Testing
@testable import PlanfitKit

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_796_000_000)) { current = start }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    var function: @Sendable () -> Date { { self.now } }
}

/// The error `body` throws, or nil.
func thrownError(_ body: () throws -> Void) -> Error? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

func sampleAnswer(key: String, payload: String = ##"{"plan":"# Plan\n- task @ana ~1d"}"##) -> CachedAnswer {
    CachedAnswer(
        key: key, command: "refine", model: "smollm2", modelDigest: "sha256:abc", server: "http://127.0.0.1:8080",
        serverVersion: "b1234", api: "openai", parameters: ["temperature": 0.25, "seed": 42, "max_tokens": 2048],
        promptTokens: 812, completionTokens: 390, timings: ["first_token_s": 0.5, "tokens_per_s": 64.5],
        repairRounds: 1, findingsBefore: [["rule": "overload", "severity": "error", "line": 4]],
        findingsAfter: [], payload: payload)
}

func sampleRun(startedAt: Date, status: CacheStatus = .miss, output: String = "summary\n") -> RunRecord {
    RunRecord(
        startedAt: startedAt, command: "refine", arguments: ["refine", "plan.md", "--team", "team.yaml"],
        planDigest: "3f2a9c1e0b7d", profileDigest: "77aa01", cacheKey: "key-1", cacheStatus: status, outcome: .ok,
        exitCode: 0, output: output)
}

/// Messages collected from several threads.
final class MessageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ message: String) {
        lock.lock()
        stored.append(message)
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
