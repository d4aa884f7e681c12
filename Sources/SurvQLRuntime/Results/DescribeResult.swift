import SurvQLData

/// `describe`: a summary of a cohort.
public struct DescribeResult: Sendable {
    public var cohort: String
    public var source: String
    public var patients: Int
    /// nil for a flat table without samples.
    public var samples: Int?
    public var columns: [ColumnSummary]
    public var endpoints: [EndpointSummary]
    public var alterations: AlterationSummary?
    public init(cohort: String, source: String, patients: Int, samples: Int?, columns: [ColumnSummary],
                endpoints: [EndpointSummary], alterations: AlterationSummary?) {
        self.cohort = cohort
        self.source = source
        self.patients = patients
        self.samples = samples
        self.columns = columns
        self.endpoints = endpoints
        self.alterations = alterations
    }
}

public struct ColumnSummary: Sendable {
    public var name: String
    public var type: String
    public var missing: Int
    /// For numbers: min, quartiles, max, mean.
    public var numeric: NumericSummary?
    /// For categories: the most frequent levels with counts.
    public var topLevels: [(String, Int)]
    public var distinct: Int?
    public init(name: String, type: String, missing: Int, numeric: NumericSummary?, topLevels: [(String, Int)], distinct: Int?) {
        self.name = name
        self.type = type
        self.missing = missing
        self.numeric = numeric
        self.topLevels = topLevels
        self.distinct = distinct
    }
}

public struct NumericSummary: Sendable {
    public var min: Double
    public var q1: Double
    public var median: Double
    public var q3: Double
    public var max: Double
    public var mean: Double
    public init(min: Double, q1: Double, median: Double, q3: Double, max: Double, mean: Double) {
        self.min = min
        self.q1 = q1
        self.median = median
        self.q3 = q3
        self.max = max
        self.mean = mean
    }
}

public struct EndpointSummary: Sendable {
    public var name: String
    public var time: String
    public var event: String
    public var usable: Int
    public var events: Int
    public init(name: String, time: String, event: String, usable: Int, events: Int) {
        self.name = name
        self.time = time
        self.event = event
        self.usable = usable
        self.events = events
    }
}

public struct AlterationSummary: Sendable {
    /// Samples profiled for structural variants (nil when unknown).
    public var svProfiledSamples: Int?
    public var svProfiledPatients: Int?
    public var fusionRecords: Int
    public var fusionPositivePatients: Int
    /// Fusion-positive patients per gene (either side), most frequent first; always includes
    /// ALK, ROS1, NTRK1, NTRK2, NTRK3 and RET.
    public var fusionGenes: [(String, Int)]
    public var cnaProfiledSamples: Int?
    public var cnaGenes: Int
    public var mutationProfiledSamples: Int?
    public var mutationRecords: Int
    /// Per gene, its partners among the cohort's patients (see `FusionAnnotation.partners`).
    public var partnerTables: [(gene: String, partners: [FusionAnnotation.PartnerRow])] = []
    public init(svProfiledSamples: Int?, svProfiledPatients: Int?, fusionRecords: Int, fusionPositivePatients: Int, fusionGenes: [(String, Int)],
                cnaProfiledSamples: Int?, cnaGenes: Int, mutationProfiledSamples: Int?, mutationRecords: Int) {
        self.svProfiledSamples = svProfiledSamples
        self.svProfiledPatients = svProfiledPatients
        self.fusionRecords = fusionRecords
        self.fusionPositivePatients = fusionPositivePatients
        self.fusionGenes = fusionGenes
        self.cnaProfiledSamples = cnaProfiledSamples
        self.cnaGenes = cnaGenes
        self.mutationProfiledSamples = mutationProfiledSamples
        self.mutationRecords = mutationRecords
    }
}
