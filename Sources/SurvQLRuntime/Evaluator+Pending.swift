import SurvQLSyntax

// Statements whose statistics are wired in separately.
extension Evaluator {
    mutating func evaluatePrevalence(_ s: PrevalenceStatement) throws -> StatementResult? { throw error(RuntimeMessages.notYet("prevalence"), statement.range) }
    mutating func evaluateAssociate(_ s: AssociateStatement) throws -> StatementResult? { throw error(RuntimeMessages.notYet("associate"), statement.range) }
    mutating func evaluatePlot(_ s: PlotStatement) throws -> StatementResult? { throw error(RuntimeMessages.notYet("plot"), statement.range) }
}
