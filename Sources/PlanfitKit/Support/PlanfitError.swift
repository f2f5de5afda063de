#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process exit statuses planfit uses, as docs/architecture.md lists them (BSD sysexits where one fits).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success; for `check`, no error findings.
    case success = 0
    /// `check`, `fit` or `apply`: error findings are left.
    case findingsFailed = 1
    /// `refine` or `propose`: the plan shown is not an improvement (more error findings than the
    /// original, dropped tasks, or no usable plan), which only happens with `--fallback none`.
    case notGrounded = 2
    /// The command line was wrong.
    case usage = 64
    /// Bad input data: plan, team profile or model output.
    case dataError = 65
    /// An input file is missing or unreadable.
    case noInput = 66
    /// The model server is unavailable or the model is missing.
    case unavailable = 69
    /// Cache or file I/O failed.
    case ioError = 74
    /// A timeout or another temporary failure; trying again may work.
    case temporaryFailure = 75
}

/// Every failure planfit reports to a user conforms to this: the description says what is wrong,
/// where (file:line when it applies) and how to fix it; the status is the exit code.
public protocol PlanfitError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}

/// A failure reading or writing a file the user named.
public struct FileError: PlanfitError, Equatable {
    public enum Kind: Equatable, Sendable { case missing, unreadable, unwritable }
    public var path: String
    public var kind: Kind
    public var reason: String

    public init(path: String, kind: Kind, reason: String = "") {
        self.path = path
        self.kind = kind
        self.reason = reason
    }

    public var exitStatus: ExitStatus { kind == .unwritable ? .ioError : .noInput }

    public var description: String {
        let detail = reason.isEmpty ? "" : ": \(reason)"
        switch kind {
        case .missing: return "\(path): no such file (check the path)"
        case .unreadable: return "\(path): cannot read the file\(detail)"
        case .unwritable: return "\(path): cannot write the file\(detail)"
        }
    }
}

extension FileError {
    /// The operating system's words for why a file operation failed ("Permission denied"), from the
    /// errors Foundation's FileManager throws or a POSIX error number.
    public static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        return "\(error)"
    }
}
