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

    /// Where `--output-dir` writes one tidy CSV per result (nil: none).
    var outputDirectory: String?

    init(format: OutputFormat, keepGoing: Bool, parameters: [String: String] = [:], outputDirectory: String? = nil) {
        self.format = format
        self.outputDirectory = outputDirectory
        self.keepGoing = keepGoing
        session.exporter = OutputFormat.exporter
        session.figureRenderer = OutputFormat.figureRenderer
        session.parameters = parameters
        session.standardOutput = { Terminal.writeOut($0) }
    }

    /// Runs the sources in order; returns the exit code.
    func run(_ sources: [SourceFile]) -> ExitCode {
        var failed = false
        var firstResult = true
        var writeFailed = false
        for file in sources {
            let handle: (RunEvent) -> Void = { event in
                switch event {
                case let .result(r):
                    if format == .table && !firstResult { Terminal.writeOut("\n") }
                    if format == .csv {
                        // One long-format table on stdout (README: CSV output), the header once.
                        if firstResult { Terminal.writeOut(ResultCSV.longHeader) }
                        Terminal.writeOut(ResultCSV.longRows(r))
                    } else {
                        Terminal.writeOut(format.render(r))
                    }
                    firstResult = false
                    if let dir = outputDirectory, let name = ResultCSV.fileName(r) {
                        let path = (dir as NSString).appendingPathComponent(name)
                        if !FileManager.default.createFile(atPath: path, contents: Data(ResultCSV.render(r).utf8)) {
                            Terminal.writeErr("survql: cannot write '\(path)'\n")
                            writeFailed = true
                        }
                    }
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
        if writeFailed { return .usage }
        return failed ? .queryError : .success
    }
}
