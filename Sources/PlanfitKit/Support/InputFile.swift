/// Reads the plans and profiles users name on the command line: `TextFile`'s checks (missing file
/// exit 66; binary or non-UTF-8 exit 65, with the line), plus: an empty file is an error too.
public enum InputFile {
    public static func readText(path: String) throws -> String {
        try decodeText(readBytes(path: path), path: path)
    }

    /// The file's bytes, checked to be UTF-8 text (for digests of exactly what was read).
    public static func readBytes(path: String) throws -> [UInt8] {
        try TextFile.read(path: path)
    }

    /// The text of bytes `readBytes` returned (already checked to be UTF-8): an empty file is an error.
    public static func decodeText(_ bytes: [UInt8], path: String) throws -> String {
        if bytes.isEmpty { throw TextInputError(path: path, kind: .empty, line: 1, offset: 0, byte: 0) }
        var text = String(decoding: bytes, as: UTF8.self)
        // A UTF-8 byte order mark is not content.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}
