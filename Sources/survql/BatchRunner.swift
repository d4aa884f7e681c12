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
        session.parameters = parameters
        session.standardOutput = { Terminal.writeOut($0) }
    }

    /// Runs the sources in order; returns the exit code.
    func run(_ sources: [SourceFile]) -> ExitCode {
        var failed = false
        var firstResult = true
        for file in sources {
            let summary = session.run(file, keepGoing: keepGoing) { event in
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
            if summary.errors > 0 {
                failed = true
                if !keepGoing { break }
            }
        }
        return failed ? .queryError : .success
    }
}
