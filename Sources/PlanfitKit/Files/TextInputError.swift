/// An input file that is not text planfit can read: it holds a NUL byte (binary data), bytes that are
/// not UTF-8, or (where content is required: plans, profiles) nothing at all.
public struct TextInputError: PlanfitError, Equatable {
    public enum Kind: Equatable, Sendable {
        /// A NUL byte: the file is binary.
        case binary
        /// A byte sequence that is not valid UTF-8.
        case invalidUTF8
        /// No bytes at all, where a plan or profile was expected.
        case empty
    }

    public var path: String
    public var kind: Kind
    /// 1-based line of the offending byte.
    public var line: Int
    /// 0-based byte offset of the offending byte in the file.
    public var offset: Int
    public var byte: UInt8

    public init(path: String, kind: Kind, line: Int, offset: Int, byte: UInt8) {
        self.path = path
        self.kind = kind
        self.line = line
        self.offset = offset
        self.byte = byte
    }

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        let hex = "0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        switch kind {
        case .empty:
            return "\(path): the file is empty"
        case .binary:
            return "\(path):\(line): binary data (NUL byte at offset \(offset)); planfit reads text files only"
        case .invalidUTF8:
            return "\(path):\(line): not valid UTF-8 (byte \(hex) at offset \(offset)); "
                + "convert the file to UTF-8, for example with iconv -f LATIN1 -t UTF-8"
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
