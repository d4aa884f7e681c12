import SurvQLData
import SurvQLSyntax

/// The unit a cohort's rows stand for.
public enum AnalysisUnit: String, Sendable {
    case patient
    case sample
}

/// The alteration (or other condition) that defined a cohort or a match, so `by fusion` alone
/// can refer back to it.
public struct DefiningCondition: Sendable {
    public var expression: Expression
    public var file: SourceFile
    /// The condition as written (`fusion NTRK1|NTRK2|NTRK3`).
    public var text: String { file.text(in: expression.range) }
    public init(expression: Expression, file: SourceFile) {
        self.expression = expression
        self.file = file
    }
}

/// A named set of rows of a loaded dataset, with its own table: a view of the rows of the
/// dataset's table (patients, or the sample view) plus derived columns such as `match_id` and
/// `weight`.
///
/// Cohorts are immutable: `let` and `match` make new ones, so nothing the user loaded is ever
/// altered by a later statement. A derived cohort holds a `RowSelection` over its root's table,
/// never a copy of the cells, so many derived cohorts cost little memory.
public final class Cohort: Sendable {
    public let name: String
    public let dataset: Dataset
    public let unit: AnalysisUnit
    /// For each row of `table`, its row in the dataset's patient table (or sample table when
    /// `unit == .sample`), stored compactly.
    public let selection: RowSelection
    public let table: Table
    public let defining: DefiningCondition?
    /// How the cohort came about, for `describe` (`load demo ntrk`, `rwd where age >= 65`).
    public let origin: String
    /// A column of case weights that survival statements use when none is named (the matched
    /// cohort's `weight` after `match ... with replacement`).
    public let defaultWeight: String?

    public init(name: String, dataset: Dataset, unit: AnalysisUnit, selection: RowSelection, table: Table,
                defining: DefiningCondition?, origin: String, defaultWeight: String? = nil) {
        self.defaultWeight = defaultWeight
        self.name = name
        self.dataset = dataset
        self.unit = unit
        self.selection = selection
        self.table = table
        self.defining = defining
        self.origin = origin
    }

    /// A cohort of the dataset rows `rows` (in order) with its table.
    public convenience init(name: String, dataset: Dataset, unit: AnalysisUnit, rows: [Int32], table: Table,
                            defining: DefiningCondition?, origin: String) {
        let universe = unit == .sample ? (dataset.samples?.ids.count ?? rows.count) : dataset.patientCount
        self.init(name: name, dataset: dataset, unit: unit, selection: .of(rows, universe: universe), table: table,
                  defining: defining, origin: origin)
    }

    /// The number of rows.
    public var count: Int { selection.count }

    /// The dataset row of each cohort row, in order (materialized on each access: take it once
    /// per use).
    public var rows: [Int32] { selection.rows }

    /// A whole dataset as a cohort: every patient (or every sample).
    public static func whole(_ dataset: Dataset, name: String, unit: AnalysisUnit, origin: String) -> Cohort {
        if unit == .sample, let view = dataset.sampleView() {
            return Cohort(name: name, dataset: dataset, unit: .sample, selection: .all(view.rowCount),
                          table: view, defining: nil, origin: origin)
        }
        return Cohort(name: name, dataset: dataset, unit: .patient, selection: .all(dataset.patientCount),
                      table: dataset.patients, defining: nil, origin: origin)
    }

    /// The sub-cohort of the given positions (indices into this cohort's rows), in order: a
    /// view over the same base table, sharing its columns.
    public func subset(_ positions: [Int32], name: String, defining: DefiningCondition?, origin: String) -> Cohort {
        let universe = unit == .sample ? (dataset.samples?.ids.count ?? count) : dataset.patientCount
        let composed = selection.selecting(positions, universe: universe)
        // The table's base rows are the dataset rows (the patient table or the sample view), so
        // the cohort and its table share one selection when the base has the same size.
        let shared = table.baseSelection.count == count && table.baseRowCount == universe ? composed : nil
        return Cohort(name: name, dataset: dataset, unit: unit, selection: composed,
                      table: table.view(positions: positions, composed: shared), defining: defining, origin: origin,
                      defaultWeight: defaultWeight)
    }

    /// The same rows under another name.
    public func renamed(_ newName: String, origin: String) -> Cohort {
        Cohort(name: newName, dataset: dataset, unit: unit, selection: selection, table: table, defining: defining, origin: origin,
               defaultWeight: defaultWeight)
    }

    /// The same rows and defining condition with another table (extra derived columns).
    public func replacingTable(_ newTable: Table, name newName: String? = nil) -> Cohort {
        Cohort(name: newName ?? name, dataset: dataset, unit: unit, selection: selection, table: newTable,
               defining: defining, origin: origin, defaultWeight: defaultWeight)
    }

    /// The dataset patient row of each cohort row.
    public var patientRows: [Int32] {
        switch unit {
        case .patient: return rows
        case .sample:
            guard let s = dataset.samples else { return rows }
            return rows.map { r in Int(r) < s.patientRows.count ? s.patientRows[Int(r)] : -1 }
        }
    }

    /// The identifier of each row (patient or sample id).
    public func identifier(at position: Int) -> String {
        identifier(ofRow: Int(selection.row(at: position)))
    }

    /// The identifier of a dataset row (patient or sample, by the cohort's unit).
    public func identifier(ofRow r: Int) -> String {
        switch unit {
        case .patient: return r >= 0 && r < dataset.patientIds.count ? dataset.patientIds[r] : String(r + 1)
        case .sample: return dataset.samples.map { r >= 0 && r < $0.ids.count ? $0.ids[r] : String(r + 1) } ?? String(r + 1)
        }
    }
}
