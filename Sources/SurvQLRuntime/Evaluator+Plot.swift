import Foundation
import SurvQLSyntax

extension Evaluator {
    /// `plot survival COHORT [by GROUPING] [ENDPOINT] to "FILE.svg" [overwrite]`: the
    /// Kaplan–Meier estimate that `survive` would print, drawn by the front end's exporter as
    /// SVG and written to FILE under the same rules as `export` (never over loaded data).
    mutating func evaluatePlot(_ p: PlotStatement) throws -> StatementResult? {
        guard let pathLit = p.path, let written = pathLit.string else { return nil }
        let path = try expandParameters(written, pathLit.range)
        let output = try outputFile(path, pathLit.range, overwrite: p.overwrite != nil)
        guard path.lowercased().hasSuffix(".svg") || output.kind == .standardOutput || (output.kind != .regularFile && output.kind != .newFile) else {
            throw error(("run.plotFormat", "a plot is written as SVG; name a file ending in .svg"), pathLit.range)
        }
        var s = SurviveStatement()
        s.cohort = p.cohort
        s.grouping = p.grouping
        s.endpoint = p.endpoint
        guard let curves = try evaluateSurvive(s) else { return nil }
        guard let exporter = session.exporter else { throw error(RuntimeMessages.notYet("plot"), statement.range) }
        try write(exporter(curves, "svg"), to: output, path, pathLit.range)
        return result(.message(MessageResult(verb: "plot", text: "wrote \(path)", facts: [("path", path)])))
    }
}
