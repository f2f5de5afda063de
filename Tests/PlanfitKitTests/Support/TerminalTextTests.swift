import Testing
@testable import PlanfitKit

/// Issue 9: nothing from a model, a server, a plan or a profile can drive the terminal.
@Suite struct TerminalTextTests {
    func shown(_ text: String, keepingStyles: Bool = false) -> String {
        TerminalText.sanitised(text, keepingStyles: keepingStyles)
    }

    @Test func oscTitleAndHyperlinksBecomeVisible() {
        #expect(shown("a\u{1B}]0;owned\u{07}b") == #"a\x1b]0;owned\x07b"#)
        #expect(shown("\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\")
            == #"\x1b]8;;https://evil.example\x1b\click\x1b]8;;\x1b\"#)
    }

    @Test func csiC1AndBidiBecomeVisible() {
        #expect(shown("\u{1B}[2J\u{1B}[H") == #"\x1b[2J\x1b[H"#)
        #expect(shown("x\u{9B}2Jy\u{85}") == #"x\u{9b}2Jy\u{85}"#)
        #expect(shown("admin\u{202E}gnp.exe") == #"admin\u{202e}gnp.exe"#)
        #expect(shown("\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{202A}")
            == #"\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{202a}"#)
        #expect(shown("bell\u{07} nul\u{0} del\u{7F} bs\u{08}") == #"bell\x07 nul\x00 del\x7f bs\x08"#)
    }

    @Test func newlinesTabsCRLFAndOrdinaryUnicodeStay() {
        let text = "line\tone\nline two\r\n— ünïcødé 😀 ‎text"
        #expect(shown("line\tone\nline two\r\n— ünïcødé 😀") == "line\tone\nline two\r\n— ünïcødé 😀")
        #expect(shown(text).hasPrefix("line\tone\nline two\r\n— ünïcødé 😀 "))
        #expect(shown("overwrite\rme") == #"overwrite\rme"#.replacingOccurrences(of: #"\r"#, with: #"\x0d"#))
        #expect(shown("end\r") == #"end\x0d"#)
    }

    @Test func planfitsOwnColoursSurviveOnlyWhenAsked() {
        let styled = "\u{1B}[31mred\u{1B}[0m \u{1B}[1mbold\u{1B}[0m \u{1B}[7mword\u{1B}[27m"
        #expect(shown(styled, keepingStyles: true) == styled)
        #expect(shown(styled) == #"\x1b[31mred\x1b[0m \x1b[1mbold\x1b[0m \x1b[7mword\x1b[27m"#)
        // Anything but those SGR codes is escaped even on a colour terminal.
        #expect(shown("\u{1B}[2J\u{1B}[8m\u{1B}[31;1m\u{1B}]0;t\u{07}", keepingStyles: true)
            == #"\x1b[2J\x1b[8m\x1b[31;1m\x1b]0;t\x07"#)
    }

    @Test func bytesThatAreNotUTF8AreEscaped() {
        let bytes: [UInt8] = [0x61, 0x9B, 0x32, 0x4A, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xFF, 0xC2, 0x9B, 0xE2, 0x80, 0xAE, 0xC3, 0xA9]
        let out = String(decoding: TerminalText.sanitised(bytes: bytes), as: UTF8.self)
        #expect(out == #"a\x9b2J\xc0\xaf\xed\xa0\x80\xff\u{9b}\u{202e}é"#)
        // A sequence cut at the end.
        #expect(String(decoding: TerminalText.sanitised(bytes: [0x61, 0xE2, 0x80]), as: UTF8.self) == #"a\xe2\x80"#)
    }

    @Test func cleanTextIsUnchangedAndSanitisingTwiceChangesNothing() {
        let clean = "Build the payment API @bo ~3d #go:strong\n"
        #expect(shown(clean) == clean)
        let hostile = "\u{1B}]0;x\u{07}\u{9B}\u{202E}\r"
        #expect(shown(shown(hostile)) == shown(hostile))
    }
}
