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

    public init() {}

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
