#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One server-sent event: the joined `data:` lines, and the field that carried them.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, if any.
    public var name: String?
    public var data: String
    /// llama.cpp reports a failure after streaming began as an `error: {...}` line, a field the SSE
    /// standard does not know; it is kept here rather than dropped.
    public var error: String?

    public init(name: String? = nil, data: String, error: String? = nil) {
        self.name = name
        self.data = data
        self.error = error
    }
}

/// Incremental text/event-stream decoder. Feed it chunks exactly as they arrive (split anywhere,
/// even inside a UTF-8 sequence or a CRLF); it returns each event once its blank line has arrived.
/// Lines are decoded only when whole, so split characters survive.
public struct SSEDecoder: Sendable {
    private var pending: [UInt8] = []
    private var dataLines: [String] = []
    private var eventName: String?
    private var errorText: String?
    private var sawCarriageReturn = false

    public init() {}

    public mutating func feed(_ chunk: Data) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in chunk {
            if byte == 0x0A {
                // LF after CR belongs to a CRLF whose line was already ended at the CR.
                if sawCarriageReturn { sawCarriageReturn = false; continue }
                endLine(into: &events)
            } else if byte == 0x0D {
                sawCarriageReturn = true
                endLine(into: &events)
            } else {
                sawCarriageReturn = false
                pending.append(byte)
            }
        }
        return events
    }

    /// Call at end of stream: returns an event whose final blank line never came.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !pending.isEmpty { endLine(into: &events) }
        dispatch(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        let line = String(decoding: pending, as: UTF8.self)
        pending.removeAll(keepingCapacity: true)
        if line.isEmpty { dispatch(into: &events); return }
        if line.hasPrefix(":") { return }  // comment / keep-alive ping
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": eventName = String(value)
        case "error": errorText = String(value)
        default: break  // id, retry and unknown fields do not matter for chat streams
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        if !dataLines.isEmpty || errorText != nil {
            events.append(SSEEvent(name: eventName, data: dataLines.joined(separator: "\n"), error: errorText))
        }
        dataLines.removeAll()
        eventName = nil
        errorText = nil
    }
}
