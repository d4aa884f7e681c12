import SurvQLSyntax

/// The catalog of the analysis layer's data-aware diagnostics, one static member each, with
/// stable ids. They are found before anything runs, from the schemas of the `load` targets.
enum AnalysisMessages {
    static func unknownColumn(_ name: String, cohort: String, suggestion: String) -> (String, String) {
        ("check.unknownColumn", "unknown column '\(name)' in '\(cohort)'\(suggestion)")
    }
    static func unknownGene(_ gene: String, suggestion: String) -> (String, String) {
        ("check.unknownGene", "no record in the study names the gene '\(gene)' and no gene panel covers it\(suggestion)")
    }
    static func loadPathMissing(_ path: String) -> (String, String) {
        ("check.loadPathMissing", "nothing at '\(path)'")
    }
    static func notAStudyOrTable(_ path: String, _ reason: String) -> (String, String) {
        ("check.notAStudyOrTable", "'\(path)' is not a cBioPortal study or a table: \(reason)")
    }
    static func cancelled() -> (String, String) {
        ("run.cancelled", "cancelled")
    }
}
