import Foundation

/// One cancellation flag shared by whoever asks for work to stop (Ctrl-C in the REPL,
/// `$/cancelRequest` in the language server) and the long loops that honour it (loaders, the
/// matcher, the Cox fit, the statement loop), as SQLite's shell calls `sqlite3_interrupt`.
///
/// It lives in the lowest module so the data layer and the runtime can poll it; the statistics
/// library, which imports nothing of ours, takes a `@Sendable () -> Bool` closure instead.
public final class CancellationToken: @unchecked Sendable {
    // The flag is guarded by `lock`; nothing else is mutable.
    private let lock = NSLock()
    private var cancelled = false
    private var reported: Progress?

    public init() {}

    /// How far the running work has come (bytes of a file read so far, of its size), for a front
    /// end's progress line.
    public struct Progress: Sendable, Equatable {
        public var done: Int
        public var total: Int
    }

    /// Records how far the work has come; the long loops call it where they poll `isCancelled`.
    /// Never goes back for the same total (two threads reading one file report alternately).
    public func report(done: Int, total: Int) {
        lock.lock()
        if let r = reported, r.total == total, r.done >= done {
            lock.unlock()
            return
        }
        reported = Progress(done: done, total: total)
        lock.unlock()
    }

    /// The last progress reported since `clearProgress()`, if any.
    public var progress: Progress? {
        lock.lock()
        defer { lock.unlock() }
        return reported
    }

    /// Forgets the progress of a finished step (a front end calls it when a statement ends).
    public func clearProgress() {
        lock.lock()
        reported = nil
        lock.unlock()
    }

    /// Asks the work to stop. Safe from any thread (not from a signal handler: a handler sets a
    /// `sig_atomic_t` and a watcher thread calls this).
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// A closure for code that cannot import this module (the statistics library).
    public var check: @Sendable () -> Bool { { [self] in self.isCancelled } }
}
