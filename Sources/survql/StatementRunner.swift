import Foundation
import SurvQLRuntime
import SurvQLSyntax

/// Runs a source through the session on a worker thread so that the main thread stays free to
/// react: it cancels the statement on Ctrl-C (through the session's `CancellationToken`), shows
/// a progress line on a terminal's stderr after half a second, and hands events back to the
/// main thread to print, so output never interleaves.
struct StatementRunner {
    let session: Session
    /// Whether to show the progress line (stderr is a terminal).
    var showProgress: Bool
    /// Whether statements after a failing one still run (batch `--keep-going`).
    var keepGoing = false

    /// What a run did, with its wall and CPU time.
    struct Outcome {
        /// The errors of the run (0 when it was cancelled before reporting).
        var errors: Int
        var wall: Double
        var cpu: Double
    }

    /// Runs `file`, calling `onEvent` on the calling thread as events arrive.
    func run(_ file: SourceFile, onEvent: (RunEvent) -> Void) -> Outcome {
        let verbs = showProgress ? StatementRunner.verbs(of: file) : []
        var running = 0
        var statementStart = Date()
        let token = CancellationToken()
        let box = EventBox()
        let done = DispatchSemaphore(value: 0)
        let session = self.session
        let keepGoing = self.keepGoing
        let start = Date()
        let cpuStart = StatementRunner.cpuSeconds()
        // A Ctrl-C already pending is meant for this statement (typed just after Enter): it is
        // not cleared here; the REPL clears stale ones before it shows a prompt.
        let worker = Thread {
            let summary = session.run(file, keepGoing: keepGoing, cancellation: token) { box.push($0) }
            box.finish(summary)
            done.signal()
        }
        worker.stackSize = 64 << 20
        worker.start()
        var cancelled = false
        var progressShown = false
        var lastProgress = Date.distantPast
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if ReplSignals.takeInterrupt() || ReplSignals.terminationRequested {
                if !cancelled {
                    cancelled = true
                    token.cancel()
                }
            }
            let events = box.drain()
            if !events.isEmpty && progressShown { clearProgress(); progressShown = false }
            for e in events {
                if case let .result(r) = e, r.statement > running {
                    running = r.statement
                    statementStart = Date()
                    token.clearProgress()
                }
                onEvent(e)
            }
            let elapsed = Date().timeIntervalSince(statementStart)
            if showProgress && elapsed > 0.5 && Date().timeIntervalSince(lastProgress) >= 0.1 {
                lastProgress = Date()
                let verb = running < verbs.count ? verbs[running] : "statement"
                let text = cancelled ? ReplMessages.cancelling : ReplMessages.progress(verb, elapsed, token.progress)
                Terminal.writeErr("\r\u{1b}[K" + text)
                progressShown = true
            }
        }
        if progressShown { clearProgress() }
        box.drain().forEach(onEvent)
        let wall = Date().timeIntervalSince(start)
        let cpu = StatementRunner.cpuSeconds() - cpuStart
        _ = ReplSignals.takeInterrupt()
        return Outcome(errors: box.summary?.errors ?? 0, wall: wall, cpu: cpu)
    }

    /// The first word of each statement, for the progress line.
    static func verbs(of file: SourceFile) -> [String] {
        Parser.parse(file).0.statements.map { s in
            let text = file.text(in: s.range)
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? "statement"
        }
    }

    private func clearProgress() { Terminal.writeErr("\r\u{1b}[K") }

    /// User plus system CPU time of the process, in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}

/// Events passed from the worker thread to the main thread.
private final class EventBox: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var events: [RunEvent] = []
    private(set) var summary: RunSummary?

    func push(_ e: RunEvent) {
        lock.lock()
        events.append(e)
        lock.unlock()
    }

    func finish(_ s: RunSummary) {
        lock.lock()
        summary = s
        lock.unlock()
    }

    func drain() -> [RunEvent] {
        lock.lock()
        defer { lock.unlock() }
        let out = events
        events = []
        return out
    }
}
