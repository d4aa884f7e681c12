#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread of its own, for work that must run at the same time as the caller's
/// (a consumer waiting on a producer): `DispatchQueue.concurrentPerform` may run its iterations
/// one after another on one thread, which would leave such a pair waiting on each other forever.
enum WorkerThread {
    /// Runs `work` on a new thread and `body` on this one, and returns once both are done;
    /// false (having run neither) when no thread could be started.
    static func run(_ work: @escaping @Sendable () -> Void, alongside body: () -> Void) -> Bool {
        let context = Unmanaged.passRetained(Box(work)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().work()
            return nil
        }, context)
        #else
        var thread: pthread_t? = nil
        let started = pthread_create(&thread, nil, { raw in
            Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().work()
            return nil
        }, context)
        #endif
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return false
        }
        body()
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
        return true
    }

    /// The work handed to the new thread.
    private final class Box {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }
}
