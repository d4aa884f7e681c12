import SurvQLSyntax

/// The result of a successful load: the dataset and the warnings and notes met on the way.
public struct LoadOutcome: Sendable {
    public let dataset: Dataset
    /// Warnings and notes (errors are thrown as `DiagnosticError` instead).
    public let warnings: [Diagnostic]

    public init(dataset: Dataset, warnings: [Diagnostic]) {
        self.dataset = dataset
        self.warnings = warnings
    }
}
