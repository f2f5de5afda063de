import Foundation
@testable import PlanfitKit

/// A seeded generator, so a failing property test fails the same way every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum DiffSamples {
    /// A small vocabulary so lines repeat (blank lines, rules) alongside unique ones, with CRLF and
    /// non-ASCII lines mixed in.
    static let vocabulary = ["\n", "\n", "---\n", "# Plan\n", "- task @ana ~2d #go\n", "prose line\r\n",
                             "café ünïcødé 😀\n", "| a | b |\n", "  indented\n", "\r\n"]

    /// A random text of up to `maxLines` lines; sometimes the last line has no terminator.
    static func randomText(using rng: inout SplitMix64, maxLines: Int) -> String {
        let count = Int.random(in: 0 ... maxLines, using: &rng)
        var text = ""
        for index in 0 ..< count {
            if Bool.random(using: &rng) {
                text += vocabulary.randomElement(using: &rng)!
            } else {
                text += "line \(Int.random(in: 0 ..< 3 * maxLines, using: &rng)) of \(index % 7)\n"
            }
        }
        if !text.isEmpty, Int.random(in: 0 ..< 3, using: &rng) == 0 {
            text.removeLast()   // drops "\n", or a whole "\r\n" grapheme
        }
        return text
    }

    /// A related pair: the new text is the old one with random edits, insertions and deletions.
    static func randomPair(using rng: inout SplitMix64, maxLines: Int) -> (String, String) {
        let old = randomText(using: &rng, maxLines: maxLines)
        var lines = TextLines(old).linesAsStrings
        let edits = Int.random(in: 0 ... max(1, lines.count / 3), using: &rng)
        for _ in 0 ..< edits {
            let position = Int.random(in: 0 ... lines.count, using: &rng)
            switch Int.random(in: 0 ..< 3, using: &rng) {
            case 0 where position < lines.count: lines.remove(at: position)
            case 1 where position < lines.count: lines[position] = "changed \(position)\n"
            default: lines.insert(randomText(using: &rng, maxLines: 3) + "\n", at: position)
            }
        }
        return (old, lines.joined())
    }

    /// Applies an edit script to the old lines, taking inserted lines from the new text.
    static func apply(_ diff: LineDiff) -> String {
        var result: [UInt8] = []
        for edit in diff.edits {
            switch edit.kind {
            case .equal:
                for index in edit.oldRange { result += diff.old[index] }
            case .delete:
                break
            case .insert:
                for index in edit.newRange { result += diff.new[index] }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension TextLines {
    var linesAsStrings: [String] { (0 ..< count).map { text(of: $0) } }
}

/// Runs a tool (git, patch) and returns its exit status and combined output.
@discardableResult
func runTool(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["HOME"] = directory.path
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let inputPipe = Pipe()
    process.standardInput = inputPipe
    try process.run()
    if let input { inputPipe.fileHandleForWriting.write(input) }
    try inputPipe.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

