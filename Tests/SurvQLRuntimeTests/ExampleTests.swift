import Foundation
import Testing
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs a source through a fresh session from the package root and returns what a batch run
/// prints: results as text tables, diagnostics as formatted (no colour), in order.
func runTranscript(_ file: SourceFile, keepGoing: Bool = true, format: OutputFormat = .table) -> (text: String, summary: RunSummary) {
    let session = Session()
    session.workingDirectory = packageRoot.path
    session.exporter = OutputFormat.exporter
    session.figureRenderer = OutputFormat.figureRenderer
    var out = ""
    let f = DiagnosticFormatter()
    let summary = session.run(file, keepGoing: keepGoing) { event in
        switch event {
        case let .result(r): out += format.render(r) + (format == .table ? "\n" : "")
        case let .diagnostic(d, _): out += f.format(d)
        }
    }
    return (out, summary)
}

/// Examples are tests: each `examples/NAME.survql` runs (with --keep-going semantics) and its
/// transcript is compared with `examples/NAME.out`. A missing expected file is written on the
/// first run; `UPDATE_GOLDEN=1` rewrites them all (review the diff like code).
@Suite struct ExampleTests {
    static let examples: [String] = {
        let dir = packageRoot.appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".survql") }.sorted()
    }()

    @Test(arguments: examples)
    func example(_ name: String) throws {
        let url = packageRoot.appendingPathComponent("examples").appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        // Relative paths in examples are written from the examples folder.
        let file = SourceFile(name: "examples/" + name, bytes: Array(data))
        let (text, _) = runTranscript(file)
        let expectedURL = url.deletingPathExtension().appendingPathExtension("out")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil || !FileManager.default.fileExists(atPath: expectedURL.path) {
            try text.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        if text != expected {
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("\(name): output differs from \(expectedURL.lastPathComponent) at line \(firstDiff + 1):\n got: \(firstDiff < a.count ? a[firstDiff] : "<end>")\nwant: \(firstDiff < b.count ? b[firstDiff] : "<end>")\n(UPDATE_GOLDEN=1 rewrites)")
        }
    }
}
