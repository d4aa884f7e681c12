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

/// A named set of rows of a loaded dataset, with its own table (a row subset of the dataset's
/// table, plus derived columns such as `match_id` and `weight`).
///
/// Cohorts are immutable: `let` and `match` make new ones, so nothing the user loaded is ever
/// altered by a later statement.
public final class Cohort: Sendable {
    public let name: String
    public let dataset: Dataset
    public let unit: AnalysisUnit
    /// For each row of `table`, its row in the dataset's patient table (or sample table when
    /// `unit == .sample`).
    public let rows: [Int32]
    public let table: Table
    public let defining: DefiningCondition?
    /// How the cohort came about, for `describe` (`load demo ntrk`, `rwd where age >= 65`).
    public let origin: String
    /// A column of case weights that survival statements use when none is named (the matched
    /// cohort's `weight` after `match ... with replacement`).
    public let defaultWeight: String?

    public init(name: String, dataset: Dataset, unit: AnalysisUnit, rows: [Int32], table: Table,
                defining: DefiningCondition?, origin: String, defaultWeight: String? = nil) {
        self.defaultWeight = defaultWeight
        self.name = name
        self.dataset = dataset
        self.unit = unit
        self.rows = rows
        self.table = table
        self.defining = defining
        self.origin = origin
    }

    public var count: Int { rows.count }

    /// A whole dataset as a cohort: every patient (or every sample).
    public static func whole(_ dataset: Dataset, name: String, unit: AnalysisUnit, origin: String) -> Cohort {
        if unit == .sample, let view = dataset.sampleView() {
            return Cohort(name: name, dataset: dataset, unit: .sample, rows: (0..<view.rowCount).map { Int32($0) },
                          table: view, defining: nil, origin: origin)
        }
        return Cohort(name: name, dataset: dataset, unit: .patient, rows: (0..<dataset.patientCount).map { Int32($0) },
                      table: dataset.patients, defining: nil, origin: origin)
    }

    /// The sub-cohort of the given positions (indices into this cohort's rows), in order.
    public func subset(_ positions: [Int32], name: String, defining: DefiningCondition?, origin: String) -> Cohort {
        Cohort(name: name, dataset: dataset, unit: unit, rows: positions.map { rows[Int($0)] },
               table: table.selecting(rows: positions), defining: defining, origin: origin, defaultWeight: defaultWeight)
    }

    /// The same rows under another name.
    public func renamed(_ newName: String, origin: String) -> Cohort {
        Cohort(name: newName, dataset: dataset, unit: unit, rows: rows, table: table, defining: defining, origin: origin,
               defaultWeight: defaultWeight)
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
        let r = Int(rows[position])
        switch unit {
        case .patient: return r < dataset.patientIds.count ? dataset.patientIds[r] : String(r + 1)
        case .sample: return dataset.samples.map { r < $0.ids.count ? $0.ids[r] : String(r + 1) } ?? String(r + 1)
        }
    }
}
