import CLibEdit
import Foundation

/// The REPL's signals. The C handlers (Sources/CLibEdit/shim.h) only set flags (one weak
/// definition each, shared by every object file); this is the one Swift file that reads them.
///
/// SIGINT is installed without SA_RESTART so that Ctrl-C at the prompt interrupts `el_gets`;
/// during a statement the statement runner polls `takeInterrupt()` and cancels the statement.
/// SIGTERM and SIGHUP ask the REPL to save its history and exit; SIGWINCH marks a resize.
enum ReplSignals {
    static func install() { survql_install_signal_handlers() }

    /// True once, for each Ctrl-C since the last call.
    static func takeInterrupt() -> Bool { survql_take_sigint() > 0 }

    /// Whether a Ctrl-C is waiting, without consuming it.
    static var interruptPending: Bool { survql_peek_sigint() > 0 }

    /// Whether SIGTERM or SIGHUP arrived: save history and exit.
    static var terminationRequested: Bool { survql_sigterm() != 0 }

    /// True once after each window resize.
    static func takeResize() -> Bool { survql_take_sigwinch() != 0 }

    /// Watches for SIGTERM on a background thread. The REPL handles it on the main thread; but
    /// a signal that lands between the prompt and libedit's `read` does not interrupt the read,
    /// so if the main thread has not ended `grace` seconds after the signal, `finish` (save
    /// the history) runs here and the process exits with status 0.
    static func watchTermination(grace: Double = 0.5, finish: @escaping @Sendable () -> Void) {
        let watcher = Thread {
            while !terminationRequested { usleep(50_000) }
            usleep(UInt32(grace * 1_000_000))
            finish()
            exit(0)
        }
        watcher.start()
    }
}
