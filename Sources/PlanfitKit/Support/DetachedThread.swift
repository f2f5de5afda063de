#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a new detached thread of its own: for work that blocks for as long as a model takes
/// to answer (libcurl's easy interface, a child process's pipes), which must not hold one of the few
/// threads Swift concurrency or Dispatch share. What `Thread.detachNewThread` was, without Foundation
/// (see `Lock`).
func startDetachedThread(name: String, _ body: @escaping @Sendable () -> Void) {
    final class Start {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
    }
    let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, nil, { context in
        let start = Unmanaged<Start>.fromOpaque(context!).takeRetainedValue()
        #if canImport(Darwin)
        _ = pthread_setname_np(start.name)
        #endif
        start.body()
        return nil
    }, start)
    precondition(status == 0, "pthread_create failed (\(status))")
    pthread_detach(thread)
}
