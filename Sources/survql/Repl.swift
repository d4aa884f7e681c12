import Foundation
import SurvQLAnalysis
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// The interactive REPL: reads entries with libedit, runs them through the same `Session.run`
/// as batch mode (on a worker thread, so Ctrl-C can cancel), and prints results fitted to the
/// terminal. Each entry is its own `SourceFile` named `<repl:N>`, so a diagnostic's line and
/// caret are within the entry. An entry that the analysis layer finds unfinished continues on
/// the next line; the whole entry is one history entry.
final class Repl {
    let session: Session
    let host = AnalysisHost()
    var settings = ReplSettings()
    let output = ReplOutput()
    let diagnostics = DiagnosticFormatter(color: Terminal.colorDiagnostics)
    private(set) var editor: LineEditor!
    /// The entries (and files read with `.read`) that ran without error, for `.save`.
    var savedStatements: [String] = []
    /// The last entry that was run, for `.edit`.
    var lastEntry: String?
    /// Lines of an unfinished entry, each with its newline.
    var pending = ""
    private var entryCount = 0
    /// Taken by whichever of the main thread and the SIGTERM watcher ends the process first.
    private let exitLock = NSLock()

    init(parameters: [String: String]) {
        session = Session()
        session.exporter = OutputFormat.exporter
        session.figureRenderer = OutputFormat.figureRenderer
        session.standardOutput = { Terminal.writeOut($0) }
        session.parameters = parameters
    }

    /// The history file: `$SURVQL_HISTORY` (empty disables history), else `~/.survql_history`.
    static var historyPath: String? {
        let env = ProcessInfo.processInfo.environment
        if let h = env["SURVQL_HISTORY"] { return h.isEmpty ? nil : (h as NSString).expandingTildeInPath }
        guard let home = env["HOME"], !home.isEmpty else { return nil }
        return home + "/.survql_history"
    }

    /// Runs the REPL until Ctrl-D, `.quit` or SIGTERM; returns the exit code.
    func run(initFile: SourceFile?) -> ExitCode {
        ReplSignals.install()
        editor = LineEditor(prompt: ReplMessages.prompt, historyPath: Repl.historyPath)
        let exitLock = self.exitLock
        let editor = self.editor!
        ReplSignals.watchTermination { [editor] in
            exitLock.lock()  // held for good: the main thread is ending too or is blocked in read
            editor.restoreTerminal()
            editor.saveHistory()
        }
        editor.screenRows = { ReplOutput.rows }
        let completion = ReplCompletion(host: host, session: session)
        editor.onTab = { [unowned self] line, cursor in
            completion.reply(pending: self.pending, line: line, cursor: cursor, width: ReplOutput.columns)
        }
        Terminal.writeOut(ReplMessages.greeting(SurvQLCommand.version))
        if let initFile { runFile(initFile) }
        while true {
            if ReplSignals.terminationRequested { return quit() }
            editor.prompt = pending.isEmpty ? ReplMessages.prompt : ReplMessages.continuationPrompt
            _ = ReplSignals.takeInterrupt()  // one pressed in the pager or the editor is stale
            switch editor.readLine() {
            case .interrupted:
                if ReplSignals.terminationRequested { return quit() }
                let resized = ReplSignals.takeResize()
                if resized { editor.resize() }
                if ReplSignals.takeInterrupt() || !resized {
                    pending = ""
                    Terminal.writeOut("\n")
                }
            case .endOfFile:
                Terminal.writeOut("\n")
                return quit()
            case let .line(text):
                if ReplSignals.takeResize() { editor.resize() }
                if pending.isEmpty, text.trimmingCharacters(in: .whitespaces).hasPrefix(".") {
                    editor.addHistory(text)
                    if !command(text.trimmingCharacters(in: .whitespaces)) { return quit() }
                    continue
                }
                accept(text)
            }
        }
    }

    /// Adds a line to the entry; runs the entry once it is finished.
    private func accept(_ text: String) {
        var line = text
        var forced = false
        if line.hasSuffix("\\") {
            line.removeLast()
            forced = true
        }
        pending += line + "\n"
        if pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            pending = ""
            return
        }
        if forced || AnalysisHost.completeness(of: pending) == .incomplete { return }
        var entry = pending
        pending = ""
        while entry.hasSuffix("\n") { entry.removeLast() }
        editor.addHistory(entry)
        runEntry(entry)
    }

    /// Saves the history and ends.
    private func quit() -> ExitCode {
        exitLock.lock()  // never unlocked: the process ends, and the SIGTERM watcher must not run
        editor.saveHistory()
        output.restore()
        return .success
    }

    /// Runs one entry as the source `<repl:N>`.
    func runEntry(_ entry: String) {
        entryCount += 1
        lastEntry = entry
        let file = SourceFile(name: "<repl:\(entryCount)>", text: entry)
        if run(file) { savedStatements.append(entry) }
    }

    /// Runs a query file (`--init`, `.read`) in the session; its statements are saved when it ran cleanly.
    func runFile(_ file: SourceFile) {
        if run(file) { savedStatements.append(file.text.trimmingCharacters(in: .newlines)) }
    }

    /// Runs a source, printing results and diagnostics; true when it ran without error.
    @discardableResult
    func run(_ file: SourceFile) -> Bool {
        let runner = StatementRunner(session: session, showProgress: Terminal.stderrIsTTY)
        var results = 0
        var cancelled = false
        let outcome = runner.run(file) { event in
            switch event {
            case let .result(r):
                if settings.format == .table && results > 0 { output.write("\n") }
                results += 1
                show(r)
            case let .diagnostic(d, _):
                // Reported once, below, only when the run really stopped on Ctrl-C.
                if d.id == "run.cancelled" {
                    cancelled = true
                    return
                }
                Terminal.writeErr(diagnostics.format(d))
            }
        }
        if cancelled { Terminal.writeErr(ReplMessages.cancelled) }
        warmSchemas()
        if settings.timer { Terminal.writeErr(ReplMessages.timer(wall: outcome.wall, cpu: outcome.cpu)) }
        return outcome.errors == 0 && !cancelled
    }

    /// Computes the schemas of new cohorts in the background (they are cached by the analysis
    /// layer), so that the first TAB after a `load` answers at once. It starts 0.1 s after the
    /// prompt, sooner than anyone types a TAB, so that an entry sent at once (a paste, a script
    /// driving the REPL) does not share the cores with it: on the demo it is about a third of the
    /// CPU of `load demo` + `survive`.
    private func warmSchemas() {
        let session = self.session
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 0.1) { _ = AnalysisContext(session: session) }
    }

    /// Prints one result in the current mode; a `set` of a REPL option also takes effect here.
    func show(_ r: StatementResult, forcePager: Bool = false, bypassingFile: Bool = false) {
        if case let .message(m) = r.value, m.verb == "set",
           let option = m.facts.first(where: { $0.0 == "option" })?.1,
           let value = m.facts.first(where: { $0.0 == "value" })?.1 {
            let wasVi = settings.viEditing
            if settings.apply(option: option, value: value), wasVi != settings.viEditing {
                editor?.setEditing(vi: settings.viEditing)
            }
        }
        switch settings.format {
        case .table:
            output.show(table: ResultText.render(r), settings: settings, forcePager: forcePager, bypassingFile: bypassingFile)
            if case let .survival(s) = r.value, settings.terminalPlot, output.colour(bypassingFile: bypassingFile) {
                output.write("\n" + TerminalPlot.render(s, width: ReplOutput.columns), bypassingFile: bypassingFile)
            }
        case .json, .csv:
            output.write(settings.format.render(r), bypassingFile: bypassingFile)
        }
    }
}
