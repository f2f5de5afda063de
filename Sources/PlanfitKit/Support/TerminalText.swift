/// Makes text safe to show in a terminal: nothing from a model, a server, a plan or a profile may move
/// the cursor, clear the screen, set the window title, plant an OSC 8 hyperlink or reorder what is shown.
///
/// Replaced with visible escapes, so the reader still sees that something was there:
/// - C0 controls other than newline and tab, shown as `\x1b`; a carriage return only when it is not part
///   of a CRLF line ending (CR LF moves to the next line like LF; a lone CR lets text overwrite its line);
/// - DEL, shown as `\x7f`;
/// - C1 controls U+0080-U+009F (U+009B is an 8-bit CSI to many terminals), shown as `\u{9b}`;
/// - bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the direction marks
///   U+200E/U+200F, which make a terminal show text in another order than it is stored (CVE-2021-42574),
///   shown as `\u{202e}`;
/// - bytes that are not UTF-8, shown as `\xff`, since a terminal in an 8-bit mode reads a lone 0x9B as CSI.
///
/// Everything else is kept, byte for byte. Pure: bytes in, bytes out.
public enum TerminalText {
    /// planfit's own SGR colours (`ANSIStyle`, `DiffTextRenderer`): reset, bold, dim, reverse video on
    /// and off, red, green, yellow, cyan. Only these survive, and only when the caller asks.
    static let ownStyleCodes: Set<[UInt8]> = Set(["0", "1", "2", "7", "27", "31", "32", "33", "36"].map { Array($0.utf8) })

    /// `text` with every control shown as a visible escape.
    ///
    /// `keepingStyles` keeps `ESC [ n m` for the SGR codes planfit itself emits. It is for a writer that
    /// gets already-styled text on a colour terminal: it cannot tell planfit's colours from the same
    /// bytes in untrusted text, so at worst untrusted text changes the colour of what follows (it can
    /// neither hide text nor move the cursor, and nothing else survives). Renderers planfit owns
    /// sanitise untrusted parts before styling them, which closes even that.
    public static func sanitised(_ text: String, keepingStyles: Bool = false) -> String {
        let bytes = Array(text.utf8)
        guard needsWork(bytes[...]) else { return text }
        return String(decoding: sanitised(bytes: bytes, keepingStyles: keepingStyles), as: UTF8.self)
    }

    public static func sanitised(bytes: [UInt8], keepingStyles: Bool = false) -> [UInt8] {
        sanitised(bytes: bytes[...], keepingStyles: keepingStyles)
    }

    public static func sanitised(bytes: ArraySlice<UInt8>, keepingStyles: Bool = false) -> [UInt8] {
        guard needsWork(bytes) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 {
                if b >= 0x20 && b != 0x7F || b == 0x0A || b == 0x09 {
                    out.append(b)
                } else if b == 0x0D, i + 1 < end, bytes[i + 1] == 0x0A {
                    out.append(b)
                } else if b == 0x1B, keepingStyles, let length = ownStyleLength(bytes, at: i) {
                    out += bytes[i ..< i + length]
                    i += length
                    continue
                } else {
                    appendByteEscape(b, to: &out)
                }
                i += 1
                continue
            }
            guard let (scalar, length) = decode(bytes, at: i) else {
                appendByteEscape(b, to: &out)
                i += 1
                continue
            }
            if isUnsafe(scalar) {
                out += Array("\\u{\(String(scalar, radix: 16))}".utf8)
            } else {
                out += bytes[i ..< i + length]
            }
            i += length
        }
        return out
    }

    /// Whether any byte could need replacing: a fast scan, so clean text (nearly all of it) costs one
    /// pass and no copy.
    static func needsWork(_ bytes: ArraySlice<UInt8>) -> Bool {
        // Any non-ASCII byte takes the full path: it may start a C1 or bidi control, or not be UTF-8.
        bytes.contains { b in b < 0x20 && b != 0x0A && b != 0x09 || b >= 0x7F }
    }

    static func isUnsafe(_ scalar: UInt32) -> Bool {
        (0x80...0x9F).contains(scalar) || (0x202A...0x202E).contains(scalar) || (0x2066...0x2069).contains(scalar)
            || scalar == 0x200E || scalar == 0x200F
    }

    /// The scalar at `i` and its length in bytes, or nil when the bytes there are not valid UTF-8
    /// (overlong forms and surrogates included).
    static func decode(_ bytes: ArraySlice<UInt8>, at i: Int) -> (UInt32, Int)? {
        let lead = bytes[i]
        let length: Int
        var scalar: UInt32
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3; scalar = UInt32(lead & 0x0F)
            if lead == 0xE0 { low = 0xA0 }
            if lead == 0xED { high = 0x9F }
        case 0xF0...0xF4:
            length = 4; scalar = UInt32(lead & 0x07)
            if lead == 0xF0 { low = 0x90 }
            if lead == 0xF4 { high = 0x8F }
        default: return nil
        }
        guard i + length <= bytes.endIndex else { return nil }
        for k in 1 ..< length {
            let c = bytes[i + k]
            let (lo, hi): (UInt8, UInt8) = k == 1 ? (low, high) : (0x80, 0xBF)
            guard c >= lo, c <= hi else { return nil }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        return (scalar, length)
    }

    /// The length of `ESC [ n m` at `i` when `n` is one of planfit's own codes.
    static func ownStyleLength(_ bytes: ArraySlice<UInt8>, at i: Int) -> Int? {
        guard i + 3 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "[") else { return nil }
        var j = i + 2
        while j < bytes.endIndex, j - i < 6, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9") { j += 1 }
        guard j < bytes.endIndex, bytes[j] == UInt8(ascii: "m"), ownStyleCodes.contains(Array(bytes[(i + 2) ..< j])) else {
            return nil
        }
        return j + 1 - i
    }

    static func appendByteEscape(_ b: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(b >> 4)], digits[Int(b & 0x0F)]]
    }
}
