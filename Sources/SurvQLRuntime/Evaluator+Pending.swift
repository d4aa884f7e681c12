import SurvQLSyntax

// Statements whose statistics are wired in separately.
extension Evaluator {
    mutating func evaluatePlot(_ s: PlotStatement) throws -> StatementResult? { throw error(RuntimeMessages.notYet("plot"), statement.range) }
}
