import Crypto
import Foundation

/// Hex SHA-256, for cache keys, template hashes and the digests of the files a run read.
public enum SHA256Digest {
    public static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func hex(_ bytes: [UInt8]) -> String { hex(Data(bytes)) }

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}
