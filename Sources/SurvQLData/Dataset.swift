/// Where a dataset came from.
public enum DatasetKind: String, Sendable, Hashable {
    /// One delimited file (TSV or CSV), one row per patient.
    case delimitedTable = "table"
    /// A cBioPortal study directory.
    case cbioportalStudy = "cbioportal"
    /// A built-in synthetic cohort (`load demo ntrk`).
    case demo
}

/// The samples of a dataset: one row per sample, each linked to its patient row.
public struct SampleTable: Sendable {
    /// Sample identifiers, by sample row.
    public let ids: [String]
    /// The patient row of each sample row.
    public let patientRows: [Int32]
    /// Sample-level attributes (from the clinical sample file; at least a SAMPLE_ID column).
    public let table: Table

    public init(ids: [String], patientRows: [Int32], table: Table) {
        self.ids = ids
        self.patientRows = patientRows
        self.table = table
    }
}

/// A sample attribute copied into the patient table, and how often a patient's samples disagreed.
public struct LiftedAttribute: Sendable, Hashable {
    /// The column name (same in both tables).
    public let name: String
    /// Patients whose samples have two or more distinct non-missing values; they get the value
    /// of their first sample (in sample-file order) that has one.
    public let conflictingPatients: Int
}

/// A loaded dataset: patients (the unit of analysis), optional samples, survival endpoints and
/// the alteration index.
public final class Dataset: Sendable {
    /// A short name (the file or directory name without extension, or the demo's name).
    public let name: String
    /// The path loaded from (nil for a demo).
    public let path: String?
    public let kind: DatasetKind
    /// The study's title from `meta_study.txt`, when there is one.
    public let title: String?
    /// One row per patient. For a cBioPortal study this holds the patient attributes followed by
    /// the sample attributes lifted to patient level (see `liftedAttributes`).
    public let patients: Table
    /// The column holding patient identifiers; nil when rows are identified by number.
    public let patientIdColumn: String?
    /// Patient identifiers by patient row (row numbers `1`, `2`, ... when there is no id column);
    /// shared with the id column's levels when they are its codes' levels in row order.
    public let patientIds: Levels
    /// Samples, when the dataset has them.
    public let samples: SampleTable?
    /// Survival endpoints; the first is the default (`os` when present).
    public let endpoints: [SurvivalEndpoint]
    /// Fusions, copy number, mutations and profiling.
    public let alterations: AlterationIndex
    /// Sample attributes lifted into `patients`.
    public let liftedAttributes: [LiftedAttribute]

    public init(name: String, path: String?, kind: DatasetKind, title: String? = nil, patients: Table,
                patientIdColumn: String?, patientIds: Levels, samples: SampleTable? = nil,
                endpoints: [SurvivalEndpoint] = [], alterations: AlterationIndex? = nil,
                liftedAttributes: [LiftedAttribute] = []) {
        self.name = name
        self.path = path
        self.kind = kind
        self.title = title
        self.patients = patients
        self.patientIdColumn = patientIdColumn
        self.patientIds = patientIds
        self.samples = samples
        self.endpoints = endpoints
        self.alterations = alterations ?? .empty(patientCount: patients.rowCount, samplePatient: samples?.patientRows ?? [])
        self.liftedAttributes = liftedAttributes
    }

    /// The number of patients.
    public var patientCount: Int { patients.rowCount }

    /// The default endpoint (the first; `os` when the data has one).
    public var defaultEndpoint: SurvivalEndpoint? { endpoints.first }

    /// The endpoint named `name` (case-insensitive), nil when absent.
    public func endpoint(named name: String) -> SurvivalEndpoint? {
        endpoints.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The patient row of an identifier (exact match), nil when unknown.
    ///
    /// A linear scan, so loading never pays for an index; for many lookups build a dictionary
    /// from `patientIds` once.
    public func patientRow(id: String) -> Int? { patientIds.firstIndex(of: id) }

    /// One row per sample: the sample attributes, then the patient attributes of each sample's
    /// patient (patient columns whose name a sample column already has are left out, so lifted
    /// attributes show each sample's own value). Nil when the dataset has no samples.
    public func sampleView() -> Table? {
        guard let samples else { return nil }
        let joined = patients.selecting(rows: samples.patientRows)
        let extra = joined.columns.filter { samples.table.column(named: $0.name) == nil }
        return (try? samples.table.appending(extra)) ?? samples.table
    }
}
