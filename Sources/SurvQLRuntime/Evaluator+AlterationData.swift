import SurvQLData
import SurvQLSyntax

extension Evaluator {
    /// Throws `run.noAlterationData` when the expression names an alteration of a kind the
    /// cohort's data does not have at all (no profiling and no records: a plain table, or a
    /// study without that file). Nobody can be profiled for such data, so a prevalence, a
    /// grouping or a filter on it would silently count everyone as negative.
    func requireAlterationData(_ e: Expression, in cohort: Cohort) throws {
        let index = cohort.dataset.alterations
        for a in e.alterations {
            let kind = Self.kind(of: a)
            if index.profiles[kind] != nil { continue }
            let hasRecords: Bool
            switch kind {
            case .structuralVariant: hasRecords = !index.fusions.isEmpty
            case .copyNumber: hasRecords = !index.copyNumberCalls.isEmpty
            case .mutation: hasRecords = !index.mutations.isEmpty
            }
            if hasRecords { continue }
            let source = cohort.dataset.kind == .delimitedTable ? "a plain table" : "a dataset without it"
            throw error(RuntimeMessages.noAlterationData(cohort.name, Self.dataName(kind), source), a.range,
                        hint: "alterations need a cBioPortal study with \(Self.fileName(kind)); load the study folder instead")
        }
    }

    /// How a kind of genomic data is named in messages.
    static func dataName(_ kind: AlterationKind) -> String {
        switch kind {
        case .structuralVariant: return "structural-variant"
        case .copyNumber: return "copy-number (CNA)"
        case .mutation: return "mutation"
        }
    }

    /// The cBioPortal file that holds a kind of genomic data.
    static func fileName(_ kind: AlterationKind) -> String {
        switch kind {
        case .structuralVariant: return "data_sv.txt"
        case .copyNumber: return "data_cna.txt"
        case .mutation: return "data_mutations.txt"
        }
    }
}
