import Foundation
import SurvQLSyntax

extension Evaluator {
    /// `plot survival COHORT [by GROUPING] [ENDPOINT] to "FILE.svg"`: the Kaplan–Meier estimate
    /// that `survive` would print, drawn by the front end's exporter as SVG and written to FILE.
    mutating func evaluatePlot(_ p: PlotStatement) throws -> StatementResult? {
        guard let pathLit = p.path, let written = pathLit.string else { return nil }
        let path = try expandParameters(written, pathLit.range)
        guard path.lowercased().hasSuffix(".svg") else {
            throw error(("run.plotFormat", "a plot is written as SVG; name a file ending in .svg"), pathLit.range)
        }
        var s = SurviveStatement()
        s.cohort = p.cohort
        s.grouping = p.grouping
        s.endpoint = p.endpoint
        guard let curves = try evaluateSurvive(s) else { return nil }
        guard let exporter = session.exporter else { throw error(RuntimeMessages.notYet("plot"), statement.range) }
        let svg = exporter(curves, "svg")
        do {
            try svg.write(toFile: resolvePath(path, mustExist: false), atomically: true, encoding: .utf8)
        } catch {
            throw self.error(RuntimeMessages.cannotWrite(path, (error as NSError).localizedDescription), pathLit.range)
        }
        return result(.message(MessageResult(verb: "plot", text: "wrote \(path)", facts: [("path", path)])))
    }
}
