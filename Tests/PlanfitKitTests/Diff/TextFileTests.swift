import Foundation
import Testing
@testable import PlanfitKit

@Suite struct TextFileTests {
    @Test func missingFileIsAFileError() {
        #expect(throws: FileError(path: "/nonexistent/plan.md", kind: .missing)) {
            try TextFile.read(path: "/nonexistent/plan.md")
        }
        #expect(FileError(path: "p.md", kind: .missing).exitStatus == .noInput)
    }

    @Test func binaryInputNamesTheLineAndExits65() throws {
        let bytes: [UInt8] = Array("# Plan\nok\n".utf8) + [0x00, 0x01, 0x02]
        do {
            try TextFile.validate(bytes, path: "plan.bin")
            Issue.record("binary input was accepted")
        } catch let error as TextInputError {
            #expect(error.kind == .binary)
            #expect(error.exitStatus == .dataError)
            #expect(error.description == "plan.bin:3: binary data (NUL byte at offset 10); planfit reads text files only")
        }
    }

    @Test func invalidUTF8NamesTheByte() throws {
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9] + Array("\n".utf8)   // Latin-1 "café"
        do {
            try TextFile.validate(bytes, path: "old.md")
            Issue.record("Latin-1 input was accepted")
        } catch let error as TextInputError {
            #expect(error.kind == .invalidUTF8)
            #expect(error.description.hasPrefix("old.md:1: not valid UTF-8 (byte 0xE9 at offset 3)"))
        }
    }

    @Test func utf8EdgeCases() {
        #expect(TextFile.firstInvalidOffset(Array("ünïcødé 😀 日本".utf8)) == nil)
        #expect(TextFile.firstInvalidOffset([0xC0, 0x80]) == 0)            // overlong NUL
        #expect(TextFile.firstInvalidOffset([0x61, 0xED, 0xA0, 0x80]) == 1) // surrogate
        #expect(TextFile.firstInvalidOffset([0xF4, 0x90, 0x80, 0x80]) == 0) // above U+10FFFF
        #expect(TextFile.firstInvalidOffset([0x61, 0xE2, 0x82]) == 1)       // cut short
    }

    @Test func readsAValidFile() throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.url
        let file = directory.appendingPathComponent("plan.md")
        try Data("# Plan\r\nno final newline".utf8).write(to: file)
        #expect(try TextFile.read(path: file.path) == Array("# Plan\r\nno final newline".utf8))
        #expect(throws: FileError.self) { try TextFile.read(path: directory.path) }
        let empty = directory.appendingPathComponent("empty.md")
        try Data().write(to: empty)
        #expect(try TextFile.read(path: empty.path) == [])
        let large = directory.appendingPathComponent("large.md")
        let text = String(repeating: "- task @ana ~2d #go ünïcødé\n", count: 20_000)
        try Data(text.utf8).write(to: large)
        #expect(try TextFile.read(path: large.path) == Array(text.utf8))
    }
}
