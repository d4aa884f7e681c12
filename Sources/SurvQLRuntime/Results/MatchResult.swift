/// `match`: counts, matched sets and the balance table.
public struct MatchResult: Sendable {
    public var cohort: String
    public var name: String
    public var treatment: String
    public var treated: Int
    public var controls: Int
    public var matchedTreated: Int
    public var matchedControls: Int
    public var ratio: Int
    public var caliper: Double?
    public var caliperWidth: Double?
    public var exact: [String]
    public var covariates: [String]
    public var unmatched: [(reason: String, count: Int)]
    public var sets: [(treated: String, controls: [String])]
    public var balance: [BalanceRow]
    public var notes: [String]
    public init(cohort: String, name: String, treatment: String, treated: Int, controls: Int, matchedTreated: Int, matchedControls: Int,
                ratio: Int, caliper: Double?, caliperWidth: Double?, exact: [String], covariates: [String],
                unmatched: [(reason: String, count: Int)], sets: [(treated: String, controls: [String])], balance: [BalanceRow], notes: [String]) {
        self.cohort = cohort
        self.name = name
        self.treatment = treatment
        self.treated = treated
        self.controls = controls
        self.matchedTreated = matchedTreated
        self.matchedControls = matchedControls
        self.ratio = ratio
        self.caliper = caliper
        self.caliperWidth = caliperWidth
        self.exact = exact
        self.covariates = covariates
        self.unmatched = unmatched
        self.sets = sets
        self.balance = balance
        self.notes = notes
    }
}

public struct BalanceRow: Sendable {
    public var covariate: String
    public var meanTreated: Double?
    public var meanControlBefore: Double?
    public var meanControlAfter: Double?
    public var smdBefore: Double?
    public var smdAfter: Double?
    public var varianceRatioAfter: Double?
    public init(covariate: String, meanTreated: Double?, meanControlBefore: Double?, meanControlAfter: Double?,
                smdBefore: Double?, smdAfter: Double?, varianceRatioAfter: Double?) {
        self.covariate = covariate
        self.meanTreated = meanTreated
        self.meanControlBefore = meanControlBefore
        self.meanControlAfter = meanControlAfter
        self.smdBefore = smdBefore
        self.smdAfter = smdAfter
        self.varianceRatioAfter = varianceRatioAfter
    }
}

/// `prevalence`: proportions with confidence intervals.
public struct PrevalenceResult: Sendable {
    public var cohort: String
    public var method: String
    public var confidence: Double
    public var by: String?
    public var rows: [PrevalenceRow]
    public init(cohort: String, method: String, confidence: Double, by: String?, rows: [PrevalenceRow]) {
        self.cohort = cohort
        self.method = method
        self.confidence = confidence
        self.by = by
        self.rows = rows
    }
}

public struct PrevalenceRow: Sendable {
    public var alteration: String
    public var group: String?
    public var n: Int
    public var positive: Int
    public var notProfiled: Int
    public var proportion: Double?
    public var lower: Double?
    public var upper: Double?
    public init(alteration: String, group: String?, n: Int, positive: Int, notProfiled: Int, proportion: Double?, lower: Double?, upper: Double?) {
        self.alteration = alteration
        self.group = group
        self.n = n
        self.positive = positive
        self.notProfiled = notProfiled
        self.proportion = proportion
        self.lower = lower
        self.upper = upper
    }
}

/// `associate`: per-variable tests of an alteration (or a grouping column) against clinical variables.
public struct AssociationResult: Sendable {
    public var cohort: String
    public var alteration: String
    /// The groups compared (`negative`, `positive` for an alteration), with their sizes.
    public var groupLabels: [String]
    public var groupSizes: [Int]
    /// Rows left out: not profiled for the alteration, or with a missing group value.
    public var notProfiled: Int
    public var missingGroup: Int
    public var rows: [AssociationRow]
    public init(cohort: String, alteration: String, groupLabels: [String] = [], groupSizes: [Int] = [],
                notProfiled: Int = 0, missingGroup: Int = 0, rows: [AssociationRow]) {
        self.cohort = cohort
        self.alteration = alteration
        self.groupLabels = groupLabels
        self.groupSizes = groupSizes
        self.notProfiled = notProfiled
        self.missingGroup = missingGroup
        self.rows = rows
    }
}

public struct AssociationRow: Sendable {
    public var variable: String
    /// `chisq`, `fisher`, `fisher_simulated`, `wilcoxon`, `kruskal`, or `none` when no test applies.
    public var test: String
    public var statistic: Double?
    public var df: Int?
    public var p: Double?
    public var q: Double?
    public var oddsRatio: Double?
    public var oddsRatioLower: Double?
    public var oddsRatioUpper: Double?
    /// What the odds ratio compares (`Female vs Male`: the odds of being in the first group,
    /// the carriers, in the first level against the second, as `fisher.test(table(x, g))`).
    public var oddsRatioContrast: String?
    /// Per-group summaries: (group label, summary text), e.g. ("positive", "n 49, median 61 (IQR 52–70)").
    public var groups: [(String, String)]
    /// For a categorical variable: its levels and the counts per level (rows) and group (columns).
    public var levels: [String]
    public var counts: [[Int]]
    /// Rows of the variable left out because its value is missing.
    public var missing: Int
    /// Why no test, or how the test was chosen (e.g. `an expected count is under 5`).
    public var note: String?
    public init(variable: String, test: String, statistic: Double?, df: Int? = nil, p: Double?, q: Double?, oddsRatio: Double?,
                oddsRatioLower: Double?, oddsRatioUpper: Double?, oddsRatioContrast: String? = nil, groups: [(String, String)],
                levels: [String] = [], counts: [[Int]] = [], missing: Int = 0, note: String? = nil) {
        self.variable = variable
        self.test = test
        self.statistic = statistic
        self.df = df
        self.p = p
        self.q = q
        self.oddsRatio = oddsRatio
        self.oddsRatioLower = oddsRatioLower
        self.oddsRatioUpper = oddsRatioUpper
        self.oddsRatioContrast = oddsRatioContrast
        self.groups = groups
        self.levels = levels
        self.counts = counts
        self.missing = missing
        self.note = note
    }
}
