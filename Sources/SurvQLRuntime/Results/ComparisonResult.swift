/// `compare`: log-rank test and Cox model of the groups.
public struct ComparisonResult: Sendable {
    public var cohort: String
    public var endpoint: EndpointDescription
    public var confidence: Double
    public var grouping: String
    public var reference: String
    public var groups: [ComparisonGroup]
    /// nil when the log-rank test does not apply (delayed entry); `logrankNote` says why.
    public var logrank: TestStatistic?
    public var logrankNote: String?
    public var strata: String?
    public var cox: CoxResult?
    public var dropped: Int
    /// Weights, `check ph`, `test`, `rmst`, `within` (see `ComparisonExtras`).
    public var extras = ComparisonExtras()
    public init(cohort: String, endpoint: EndpointDescription, confidence: Double, grouping: String, reference: String,
                groups: [ComparisonGroup], logrank: TestStatistic?, logrankNote: String?, strata: String?, cox: CoxResult?, dropped: Int) {
        self.cohort = cohort
        self.endpoint = endpoint
        self.confidence = confidence
        self.grouping = grouping
        self.reference = reference
        self.groups = groups
        self.logrank = logrank
        self.logrankNote = logrankNote
        self.strata = strata
        self.cox = cox
        self.dropped = dropped
    }
}

public struct ComparisonGroup: Sendable {
    public var label: String
    public var n: Int
    public var events: Double
    public var observed: Double?
    public var expected: Double?
    public var median: Double?
    public var medianLower: Double?
    public var medianUpper: Double?
    public init(label: String, n: Int, events: Double, observed: Double?, expected: Double?, median: Double?, medianLower: Double?, medianUpper: Double?) {
        self.label = label
        self.n = n
        self.events = events
        self.observed = observed
        self.expected = expected
        self.median = median
        self.medianLower = medianLower
        self.medianUpper = medianUpper
    }
}

/// A chi-square test: statistic, degrees of freedom, p.
public struct TestStatistic: Sendable {
    public var chisq: Double
    public var df: Double
    public var p: Double
    public init(chisq: Double, df: Double, p: Double) {
        self.chisq = chisq
        self.df = df
        self.p = p
    }
}

public struct CoxResult: Sendable {
    public var ties: String
    public var n: Int
    public var events: Double
    public var terms: [CoxTerm]
    public var lr: TestStatistic?
    public var wald: TestStatistic?
    public var score: TestStatistic?
    public var robustScore: TestStatistic?
    public var concordance: Double?
    public var concordanceStdErr: Double?
    public var robust: Bool
    public var cluster: String?
    public var converged: Bool
    public var iterations: Int
    public var warnings: [String]
    /// The Wald test of each term with several coefficients (categorical covariates, interactions).
    public var termTests: [TermTestResult] = []
    public init(ties: String, n: Int, events: Double, terms: [CoxTerm], lr: TestStatistic?, wald: TestStatistic?, score: TestStatistic?,
                robustScore: TestStatistic?, concordance: Double?, concordanceStdErr: Double?, robust: Bool, cluster: String?,
                converged: Bool, iterations: Int, warnings: [String]) {
        self.ties = ties
        self.n = n
        self.events = events
        self.terms = terms
        self.lr = lr
        self.wald = wald
        self.score = score
        self.robustScore = robustScore
        self.concordance = concordance
        self.concordanceStdErr = concordanceStdErr
        self.robust = robust
        self.cluster = cluster
        self.converged = converged
        self.iterations = iterations
        self.warnings = warnings
    }
}

public struct CoxTerm: Sendable {
    public var term: String
    public var coef: Double?
    public var hr: Double?
    public var hrLower: Double?
    public var hrUpper: Double?
    public var se: Double?
    public var naiveSE: Double?
    public var z: Double?
    public var p: Double?
    public init(term: String, coef: Double?, hr: Double?, hrLower: Double?, hrUpper: Double?, se: Double?, naiveSE: Double?, z: Double?, p: Double?) {
        self.term = term
        self.coef = coef
        self.hr = hr
        self.hrLower = hrLower
        self.hrUpper = hrUpper
        self.se = se
        self.naiveSE = naiveSE
        self.z = z
        self.p = p
    }
}

/// The joint Wald test of one term's coefficients.
public struct TermTestResult: Sendable {
    public var term: String
    public var chisq: Double
    public var df: Int
    public var p: Double
    public init(term: String, chisq: Double, df: Int, p: Double) {
        self.term = term
        self.chisq = chisq
        self.df = df
        self.p = p
    }
}
