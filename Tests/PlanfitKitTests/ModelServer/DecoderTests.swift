import Foundation
import Testing
@testable import PlanfitKit

@Suite struct SSEDecoderTests {
    /// Feeds `text` one byte at a time, the worst split there is.
    func decodeBytewise(_ text: String) -> [SSEEvent] {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        for byte in Data(text.utf8) { events += decoder.feed(Data([byte])) }
        return events + decoder.finish()
    }

    @Test func reassemblesEventsSplitAnywhereIncludingInsideUTF8() {
        let text = "data: {\"t\":\"Café ☕ 😀\"}\n\n: ping\n\ndata: [DONE]\n\n"
        let events = decodeBytewise(text)
        #expect(events.map(\.data) == ["{\"t\":\"Café ☕ 😀\"}", "[DONE]"])
    }

    @Test func skipsCommentsAndJoinsMultiLineDataAndHandlesCRLF() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Data(": keep-alive\r\nevent: message\r\ndata: one\r\ndata: two\r\n\r\ndata:three\r\n\r\n".utf8))
        #expect(events == [SSEEvent(name: "message", data: "one\ntwo"), SSEEvent(data: "three")])
    }

    @Test func keepsLlamaCppErrorLines() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Data("error: {\"code\":500,\"message\":\"slot died\"}\n\n".utf8))
        #expect(events.count == 1)
        #expect(events.first?.error == "{\"code\":500,\"message\":\"slot died\"}")
    }

    @Test func finishDeliversAnEventWithoutItsBlankLine() {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Data("data: last".utf8)).isEmpty)
        #expect(decoder.finish() == [SSEEvent(data: "last")])
    }
}

@Suite struct NDJSONDecoderTests {
    @Test func splitsLinesFedByteByByte() {
        var decoder = NDJSONDecoder()
        var lines: [String] = []
        for byte in Data("{\"a\":\"ü☕\"}\n\n{\"b\":2}\r\n{\"c\":3}".utf8) { lines += decoder.feed(Data([byte])) }
        #expect(lines == ["{\"a\":\"ü☕\"}", "{\"b\":2}"])
        #expect(decoder.finish() == ["{\"c\":3}"])
    }
}

@Suite struct ChunkingTests {
    @Test func awkwardChunksCutInsideCharactersAndLinesButKeepEveryByte() {
        let body = Data("data: {\"content\":\"Grüße ☕ 😀\"}\n\ndata: [DONE]\n\n".utf8)
        let chunks = ReplayTransport.awkwardChunks(body)
        #expect(chunks.reduce(Data(), +) == body)
        #expect(chunks.count > 10)
        #expect(chunks.contains { String(data: $0, encoding: .utf8) == nil }, "some chunk must end inside a UTF-8 sequence")
    }

    @Test func recordedChunksMoveASplitCharacterWhole() {
        let bytes = [UInt8]("a☕b".utf8)  // ☕ is three bytes
        let chunks = Cassette.textChunks([Data(bytes[0..<2]), Data(bytes[2..<5])])
        #expect(chunks == ["a", "☕b"])
        #expect(Cassette.textChunks([Data("data: x\n".utf8), Data("\n".utf8)]) == ["data: x\n", "\n"])
    }
}
