import Foundation
import Testing
@testable import PlanfitKit

/// Batch rewrites its output files on every run, so replacing a file must work and be atomic.
@Suite struct AtomicFileTests {
    @Test func writesANewFileAndReplacesAnExistingOne() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("out.md")
        try AtomicFile.write("first\n", to: path)
        try AtomicFile.write("second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["out.md"], "no temporary file left")
    }

    @Test func aMissingFolderIsAnIOErrorNamingThePath() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("missing/out.md")
        #expect(throws: FileError.self) { try AtomicFile.write("x\n", to: path) }
        do {
            try AtomicFile.write("x\n", to: path)
        } catch let error as FileError {
            #expect(error.kind == .unwritable && error.path == path && error.exitStatus == .ioError)
        }
    }
}
