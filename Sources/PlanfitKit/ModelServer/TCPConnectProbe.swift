import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens (and closes) a TCP connection with a deadline. URLSession has no separate connect
/// timeout, so the live transport checks the port first: nothing listening fails in milliseconds
/// with "connection refused", and a black-holed host fails after the connect timeout instead of
/// the generous idle timeout.
enum TCPConnectProbe {
    enum Outcome: Error, Equatable {
        case open
        case refused
        case timedOut
        case failed(String)
    }

    static func check(_ url: URL, timeout: Double) async -> Outcome {
        guard let rawHost = url.host else { return .failed("the URL has no host") }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: connect(host: host, port: port, timeout: timeout))
            }
        }
    }

    static func connect(host: String, port: Int, timeout: Double) -> Outcome {
        switch openSocket(host: host, port: port, timeout: timeout) {
        case .success(let fd):
            close(fd)
            return .open
        case .failure(let outcome):
            return outcome
        }
    }

    /// A connected, non-blocking socket, or why there is none.
    static func openSocket(host: String, port: Int, timeout: Double) -> Result<Int32, Outcome> {
        var hints = addrinfo()
        #if os(Linux)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            return .failure(.failed("cannot resolve host '\(host)': \(String(cString: gai_strerror(rc)))"))
        }
        defer { freeaddrinfo(list) }
        let deadline = Date().addingTimeInterval(timeout)
        var lastError: Int32 = ECONNREFUSED
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            node = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastError = errno; continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
            if Glibc_connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return .success(fd) }
            guard errno == EINPROGRESS else { lastError = errno; close(fd); continue }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            let ready = poll(&pfd, 1, remaining)
            if ready == 0 { close(fd); return .failure(.timedOut) }
            if ready < 0 { lastError = errno; close(fd); continue }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError == 0 { return .success(fd) }
            lastError = socketError
            close(fd)
        }
        return .failure(lastError == ECONNREFUSED ? .refused : .failed(String(cString: strerror(lastError))))
    }
}

// `connect` inside the enum would call itself; name the C function explicitly.
#if canImport(Glibc)
private let Glibc_connect = Glibc.connect
#elseif canImport(Musl)
private let Glibc_connect = Musl.connect
#elseif canImport(Darwin)
private let Glibc_connect = Darwin.connect
#endif
