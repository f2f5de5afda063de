import Foundation
import Testing
@testable import PlanfitKit

/// The small pieces that replaced Foundation APIs (issue 11: no ICU in the binary) must give what
/// Foundation gave: each is compared with Foundation itself here, where tests may still use it.
@Suite struct FoundationReplacementTests {
    @Test func sha256MatchesTheFIPSExamplesAndSha256sum() throws {
        #expect(SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Lengths around the 55/56/64-byte padding edges, against the system's sha256sum.
        var generator = SystemRandomNumberGenerator()
        let temporary = try TemporaryDirectory()
        let folder = temporary.url
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 70_001] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let file = folder.appendingPathComponent("\(length)")
            try Data(bytes).write(to: file)
            let output = try CLI.runProgram("/usr/bin/sha256sum", [file.path]).stdout
            #expect(SHA256Digest.hex(bytes) == String(output.prefix(64)), "length \(length)")
        }
    }

    /// (The environment is only read: `setenv` while other tests read it from their threads would race.)
    @Test func processEnvironmentReadsWhatProcessInfoReads() {
        let foundation = ProcessInfo.processInfo.environment
        #expect(ProcessEnvironment.variables() == foundation)
        for name in foundation.keys {
            #expect(ProcessEnvironment.value(name) == foundation[name], "\(name)")
            // A name is matched whole: its prefixes are other variables, or none.
            let prefix = String(name.dropLast())
            #expect(ProcessEnvironment.value(prefix) == foundation[prefix], "\(prefix)")
        }
        #expect(ProcessEnvironment.value("PLANFIT_TEST_VARIABLE_NEVER_SET") == nil)
        #expect(ProcessEnvironment.currentDirectory() == FileManager.default.currentDirectoryPath)
    }

    @Test func trimmingMatchesFoundationsWhitespaceSets() {
        // Every scalar in either of Foundation's sets, alone and around a letter.
        let listed: [UInt32] = [0x9, 0xA, 0xB, 0xC, 0xD, 0x20, 0x85, 0xA0, 0x1680] + Array(0x2000...0x200B) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x180E]
        for value in listed {
            let space = String(Unicode.Scalar(value)!)
            for sample in [space, space + "a" + space] {
                #expect(sample.trimmedWhitespace == sample.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
                #expect(sample.trimmedWhitespaceAndNewlines == sample.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
            }
        }
        let samples = ["", "  ", " a ", "\t a b\t", "\u{00A0}x\u{3000}", "\n x \r\n", "\u{2028}y\u{85}", " é\u{301} ", "\u{200B}z\u{200B}"]
        for sample in samples {
            #expect(sample.trimmedWhitespace == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
            #expect(sample.trimmedWhitespaceAndNewlines == sample.trimmingCharacters(in: .whitespacesAndNewlines), "\(sample.debugDescription)")
        }
        #expect("## #tag# ".trimming("# ") == "tag")
    }

    @Test func printfFormatMatchesStringFormat() {
        for value in [0.0, 0.05, 0.15, 0.25, 1.45, 2.5, -3.75, 123_456.789, 1e15, 1e-7] {
            #expect(printfFormat("%.1f", value) == String(format: "%.1f", value))
            #expect(printfFormat("%.3e", value) == String(format: "%.3e", value))
        }
        #expect(printfFormat("%02x", UInt8(7)) == "07")
        #expect(printfFormat("0x%08X", UInt32(0x504C4654)) == "0x504C4654")
        #expect(printfFormat("%dm%02ds", 3, 7) == "3m07s")
    }

    @Test func pathTextMatchesNSStringForThePathsPlanfitBuilds() {
        for path in ["plan.md", "a/b/plan.md", "/plan.md", "/", "a/b/", "./x.adapted.md", ".hidden", "dir/.hidden", "x.tar.gz", "noext"] {
            let ns = path as NSString
            #expect(PathText.parent(path) == ns.deletingLastPathComponent, "\(path)")
            #expect(PathText.lastComponent(path) == ns.lastPathComponent, "\(path)")
            #expect(PathText.deletingExtension(PathText.lastComponent(path)) == (ns.lastPathComponent as NSString).deletingPathExtension, "\(path)")
        }
        for (folder, name) in [("out", "plan.md"), ("out/", "plan.md"), ("/", "x"), ("", "x"), ("a/b", "c/d")] {
            #expect(PathText.join(folder, name) == (folder as NSString).appendingPathComponent(name), "\(folder) + \(name)")
        }
    }

    @Test func percentEncodedPathMatchesURLPathAllowedLessColon() {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        for file in ["plan.md", "my plan:v2.md", "ünï/cødé#?.md", "a%b&c=d+e.md", "x'y(z)*~.md"] {
            #expect(file.percentEncodedPath() == file.addingPercentEncoding(withAllowedCharacters: allowed), "\(file)")
        }
    }

    @Test func replacingAllMatchesReplacingOccurrences() {
        let cases: [(String, String, String)] = [
            ("a|b|c", "|", "\\|"), ("line\nline\n", "\n", " "), ("it's", "'", #"'\''"#), ("x()y( )z", "()", ""),
            ("aaaa", "aa", "b"), ("no match", "zz", "q"), ("", "a", "b"),
            ("日本語の日本", "日本", "X"), ("🙂🙂", "🙂", ":)"),
        ]
        for (text, target, replacement) in cases {
            #expect(text.replacingAll(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement),
                    "\(text.debugDescription) / \(target.debugDescription)")
        }
        // On purpose unlike Foundation, which matches whole characters: a secret followed by a combining
        // mark is still replaced (redaction must not miss it).
        #expect("key=sk-1é\u{301}".replacingAll("sk-1é", with: "REDACTED") == "key=REDACTED\u{301}")
    }

    @Test func asciiCaseInsensitiveSearchFindsWhatRangeOfFinds() {
        for (text, target) in [("Error: Available Context Size (4096)", "available context size ("), ("<HTML><TITLE>x</title>", "<title"),
                               ("no", "yes"), ("ÉCOLE <Title>", "<title"), ("aAa", "AA")] {
            let ours = text.asciiCaseInsensitiveRange(of: target).map { text.distance(from: text.startIndex, to: $0.lowerBound) }
            let theirs = text.range(of: target, options: .caseInsensitive).map { text.distance(from: text.startIndex, to: $0.lowerBound) }
            #expect(ours == theirs, "\(text) / \(target)")
        }
    }
}
