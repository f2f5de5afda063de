#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's printf formatting: what `String(format:)` did for planfit's numbers ("%.1f", "%02x",
/// "%08X", "%.3e"), through the C library's own `vsnprintf` so every byte stays the same, without the
/// part of Foundation that brings ICU into the binary (see `Lock`). Only for numeric conversions:
/// `%@` and other Objective-C conversions do not exist here.
public func printfFormat(_ format: String, _ arguments: any CVarArg...) -> String {
    withVaList(arguments) { list in
        var buffer = [CChar](repeating: 0, count: 128)
        let needed = Int(vsnprintf(&buffer, buffer.count, format, list))
        guard needed >= buffer.count else { return String(decoding: buffer.prefix(max(0, needed)).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        // A number never needs more than 128 bytes with the formats planfit uses; a format that does is
        // formatted again into a buffer of the size vsnprintf asked for.
        return withVaList(arguments) { again in
            var large = [CChar](repeating: 0, count: needed + 1)
            _ = vsnprintf(&large, large.count, format, again)
            return String(decoding: large.prefix(needed).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
