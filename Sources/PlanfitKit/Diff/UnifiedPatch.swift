/// A unified diff of two texts that `git apply` and `patch -p1` accept: `--- a/PATH` and
/// `+++ b/PATH` headers, `@@ -l,n +l,n @@` hunks, and `\ No newline at end of file` after a last line
/// that has no terminator. Lines are written with their own terminators, so CRLF survives.
///
/// Header paths are written as git writes them: a path with a space ends with a tab (GNU patch reads
/// a name up to the first space otherwise), and one with a control character, `"` or `\` is quoted
/// C-style, which both tools read.
public struct UnifiedPatch: Sendable {
    /// The patch; empty when the texts are identical.
    public let bytes: [UInt8]

    /// - Parameters:
    ///   - oldPath, newPath: the file names for the headers, relative to where the patch is applied;
    ///     a leading "./" or "/" is dropped, as git does.
    ///   - context: unchanged lines around each change.
    ///   - gitHeader: start with a `diff --git a/OLD b/NEW` line, as git does. git apply then takes the
    ///     file names from the patch as written instead of guessing (a patch without it that names two
    ///     different files is applied by git to the second and by patch to the first).
    public init(diff: LineDiff, oldPath: String, newPath: String, context: Int = 3, gitHeader: Bool = false) {
        let hunks = diff.hunks(context: context)
        guard !hunks.isEmpty else {
            bytes = []
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(diff.old.bytes.count / 8 + diff.new.bytes.count / 8 + 256)
        let old = Self.headerPath(oldPath), new = Self.headerPath(newPath)
        if gitHeader {
            out += "diff --git \(Self.quoted("a/" + old)) \(Self.quoted("b/" + new))\n".utf8
        }
        out += "--- \(Self.headerName("a/" + old))\n".utf8
        out += "+++ \(Self.headerName("b/" + new))\n".utf8
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

    /// The path to name in a patch that is applied in `directory` (an absolute path without symlinks,
    /// such as the current directory): `path` relative to it when the file is inside it, so `git apply`
    /// and `patch -p1` run there find the file. Outside it, the absolute path without its leading "/"
    /// (applied from "/"): git apply refuses "..", and so does patch.
    public static func applyPath(_ path: String, relativeTo directory: String) -> String {
        let absolute = path.hasPrefix("/") ? path : directory + "/" + path
        let components = normalizedComponents(absolute)
        let base = normalizedComponents(directory)
        if components.count > base.count, Array(components.prefix(base.count)) == base {
            return components.dropFirst(base.count).joined(separator: "/")
        }
        return components.joined(separator: "/")
    }

    /// The components of an absolute path with "." and empty ones dropped and ".." applied, as the
    /// kernel would when no component is a symlink.
    private static func normalizedComponents(_ path: String) -> [Substring] {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components
    }

    /// A name on a `---` or `+++` line: quoted when it must be, followed by a tab when it holds a space.
    private static func headerName(_ name: String) -> String {
        let quotedName = quoted(name)
        return quotedName == name && name.contains(" ") ? name + "\t" : quotedName
    }

    /// `name`, or git's C-style quoting of it when it holds a control character, `"` or `\`.
    static func quoted(_ name: String) -> String {
        let needsQuotes = name.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsQuotes else { return name }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case 0 ..< 0x20, 0x7F: out += Array(("\\" + String(byte, radix: 8).leftPadded(to: 3)).utf8)
            default: out.append(byte)   // UTF-8 stays as it is; git apply and patch read it
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
