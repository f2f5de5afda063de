/// Character classes by Unicode general category, as Foundation's `CharacterSet.alphanumerics` and
/// `.urlPathAllowed` defined them, without the part of Foundation that brings ICU (see `Lock`).
extension Unicode.Scalar {
    /// Letters, marks and numbers (categories L*, M*, N*): `CharacterSet.alphanumerics`.
    var isAlphanumeric: Bool {
        // ASCII without the Unicode tables: most plan text is ASCII, and the tables' first lookup costs
        // a run page faults and a search.
        if isASCII { return isASCIIAlphanumeric }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// ASCII letters and digits.
    var isASCIIAlphanumeric: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }
}

extension String {
    /// Percent-encodes every byte outside RFC 3986's path characters (unreserved, sub-delims, "@", "/")
    /// and outside `keeping`: `addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)` less ":".
    func percentEncodedPath() -> String {
        let allowed = Set("-._~!$&'()*+,;=@/".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.isASCIIAlphanumeric || allowed.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
