/// A unified diff of two texts that `git apply` and `patch -p1` accept: `--- a/PATH` and
/// `+++ b/PATH` headers, `@@ -l,n +l,n @@` hunks, and `\ No newline at end of file` after a last line
/// that has no terminator. Lines are written with their own terminators, so CRLF survives.
public struct UnifiedPatch: Sendable {
    /// The patch; empty when the texts are identical.
    public let bytes: [UInt8]

    /// - Parameters:
    ///   - oldPath, newPath: the file names for the headers, relative to where the patch is applied;
    ///     a leading "./" or "/" is dropped, as git does.
    ///   - context: unchanged lines around each change.
    public init(diff: LineDiff, oldPath: String, newPath: String, context: Int = 3) {
        let hunks = diff.hunks(context: context)
        guard !hunks.isEmpty else {
            bytes = []
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(diff.old.bytes.count / 8 + diff.new.bytes.count / 8 + 256)
        out += "--- a/\(Self.headerPath(oldPath))\n".utf8
        out += "+++ b/\(Self.headerPath(newPath))\n".utf8
        for hunk in hunks {
            out += hunk.header.utf8
            out.append(UInt8(ascii: "\n"))
            for edit in hunk.edits {
                switch edit.kind {
                case .equal: Self.append(edit.oldRange, of: diff.old, marker: " ", to: &out)
                case .delete: Self.append(edit.oldRange, of: diff.old, marker: "-", to: &out)
                case .insert: Self.append(edit.newRange, of: diff.new, marker: "+", to: &out)
                }
            }
        }
        bytes = out
    }

    /// The patch as text (planfit only diffs valid UTF-8, so this loses nothing).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public var isEmpty: Bool { bytes.isEmpty }

    static let noNewlineMarker = Array("\\ No newline at end of file\n".utf8)

    private static func append(_ range: Range<Int>, of lines: TextLines, marker: Character, to out: inout [UInt8]) {
        let markerByte = marker.asciiValue!
        for index in range {
            out.append(markerByte)
            out += lines[index]
            if !lines.hasTerminator(index) {
                out.append(UInt8(ascii: "\n"))
                out += noNewlineMarker
            }
        }
    }

    /// Paths in headers are relative, as in git's output: `a//tmp/x` would not apply with -p1.
    static func headerPath(_ path: String) -> String {
        var path = Substring(path)
        while true {
            if path.hasPrefix("./") { path = path.dropFirst(2) }
            else if path.hasPrefix("/") { path = path.dropFirst() }
            else { break }
        }
        return String(path)
    }
}
