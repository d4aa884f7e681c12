import Foundation
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// Batch mode: runs sources through one session, printing results on stdout and diagnostics
/// on stderr (in JSON mode, error diagnostics also become `kind: "error"` lines on stdout).
struct BatchRunner {
    var format: OutputFormat
    var keepGoing: Bool
    let session = Session()
    let formatter = DiagnosticFormatter(color: Terminal.colorDiagnostics)

    init(format: OutputFormat, keepGoing: Bool, parameters: [String: String] = [:]) {
        self.format = format
        self.keepGoing = keepGoing
        session.exporter = OutputFormat.exporter
        session.figureRenderer = OutputFormat.figureRenderer
        session.parameters = parameters
    }

    /// Runs the sources in order; returns the exit code.
    func run(_ sources: [SourceFile]) -> ExitCode {
        var failed = false
        var firstResult = true
        for file in sources {
            let handle: (RunEvent) -> Void = { event in
                switch event {
                case let .result(r):
                    if format == .table && !firstResult { Terminal.writeOut("\n") }
                    firstResult = false
                    Terminal.writeOut(format.render(r))
                case let .diagnostic(d, statement):
                    Terminal.writeErr(formatter.format(d))
                    if format == .json && d.severity == .error {
                        Terminal.writeOut(ResultJSON.error(d, statement: statement).serialized() + "\n")
                    }
                }
            }
            // On a terminal's stderr, statements run on a worker thread so that a progress
            // line can show after half a second; in pipes, nothing changes.
            let errors: Int
            if Terminal.stderrIsTTY {
                errors = StatementRunner(session: session, showProgress: true, keepGoing: keepGoing)
                    .run(file, onEvent: handle).errors
            } else {
                errors = session.run(file, keepGoing: keepGoing, onEvent: handle).errors
            }
            if errors > 0 {
                failed = true
                if !keepGoing { break }
            }
        }
        return failed ? .queryError : .success
    }
}
