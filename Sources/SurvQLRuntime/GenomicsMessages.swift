/// Run-time diagnostics about genes, fusions and matching (a part of the run-time catalog kept in its
/// own file).
extension RuntimeMessages {
    static func unknownOrientationNotCounted(_ n: Int, _ unit: String, _ predicate: String, _ genes: String) -> M {
        ("run.fusionOrientationUnknown",
         "\(n) \(unit)(s) with a fusion of \(genes) whose orientation the data do not settle are not counted by '\(predicate)'")
    }
    static func unknownOrientationInCohort(_ n: Int, _ total: Int, _ unit: String) -> M {
        ("run.fusionOrientationUnknown",
         "the fusion orientation of \(n) of \(total) \(unit)s is unknown (FUSION_ORIENTATION = \"unknown\"): neither Event_Info nor the sites' strands say which gene is 5'")
    }
    static func repeatedControl(_ n: Int) -> M {
        ("run.matchRepeatedControl",
         "\(n) treated patient(s) got the same control more than once (MatchIt 4.5.1 with replacement and ratio > 1); the matched cohort lists each control once")
    }
    static func delayedEntryCandidate(_ column: String, _ time: String, _ endpoint: String) -> M {
        ("run.delayedEntryColumn",
         "'\(column)' looks like a delayed-entry time (0 <= \(column) <= \(time) in every row): patients who enter follow-up then (a genomic test after diagnosis) must be analysed with 'entry \(column)', or survival from diagnosis is overestimated")
    }
    static func unknownGene(_ gene: String, _ suggestion: String) -> M {
        ("run.unknownGene", "no record of this study names the gene '\(gene)' and no gene panel of it covers '\(gene)'" + suggestion)
    }
    static func geneNeverAltered(_ gene: String, _ what: String, panels: Bool) -> M {
        ("run.geneNotAltered", panels
            ? "'\(gene)' is covered by the study's gene panels but no \(what) record names it: no patient carries it"
            : "no \(what) record of this study names '\(gene)' (records of other kinds do): no patient carries it")
    }
}
