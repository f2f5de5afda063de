#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command line with `/bin/sh -c`, stdin from /dev/null, and collects what it prints: stdout and
/// stderr each up to a bound (past it the bytes are read and dropped, so the command never blocks on a
/// full pipe), within a deadline after which it is killed. One thread, `poll(2)` over both pipes;
/// posix_spawn rather than Foundation's `Process` (see `Lock` for why not Foundation).
struct ShellCommand {
    struct Output {
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: [UInt8]
        /// stdout went past its bound (and was cut there).
        var outputOverflowed: Bool
    }

    enum Failure: Error {
        case couldNotStart(reason: String)
        case timedOut
    }

    var command: String
    var outputLimit: Int
    var errorLimit: Int
    var timeout: Double

    func run() throws(Failure) -> Output {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw .couldNotStart(reason: Self.errnoText()) }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw .couldNotStart(reason: Self.errnoText())
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }

        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(outPipe[1]); close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw .couldNotStart(reason: String(cString: strerror(spawned)))
        }

        var output = Output(status: 0, standardOutput: [], standardError: [], outputOverflowed: false)
        var open = [(fd: outPipe[0], isOutput: true), (fd: errPipe[0], isOutput: false)]
        let deadline = Self.now() + timeout
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while !open.isEmpty {
            let left = deadline - Self.now()
            if left <= 0 {
                for stream in open { close(stream.fd) }
                kill(pid, SIGKILL)
                var ignored: Int32 = 0
                while waitpid(pid, &ignored, 0) < 0 && errno == EINTR {}
                throw .timedOut
            }
            var polled = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            var stillOpen: [(fd: Int32, isOutput: Bool)] = []
            for (index, stream) in open.enumerated() {
                guard polled[index].revents != 0 else { stillOpen.append(stream); continue }
                let count = read(stream.fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { stillOpen.append(stream); continue }
                if count <= 0 { close(stream.fd); continue }
                let chunk = buffer[0..<count]
                if stream.isOutput {
                    let room = max(0, outputLimit - output.standardOutput.count)
                    if chunk.count > room { output.outputOverflowed = true }
                    output.standardOutput += chunk.prefix(room)
                } else {
                    output.standardError += chunk.prefix(max(0, errorLimit - output.standardError.count))
                }
                stillOpen.append(stream)
            }
            open = stillOpen
        }
        for stream in open { close(stream.fd) }
        // Both pipes are closed: the command has ended or closed its output; wait for it within the deadline.
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            if Self.now() >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                throw .timedOut
            }
            usleep(5_000)
        }
        // WIFEXITED/WEXITSTATUS are macros Swift cannot see: the exit code is bits 8-15 when bits 0-6 are 0.
        output.status = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return output
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
