/// The parts of a `compare` result beyond one hazard ratio: case weights, the proportional
/// hazards check, a weighted log-rank test, the RMST comparison and subgroups. Each is nil
/// unless its clause was given (or, for the weight, a matched cohort supplied one).
public struct ComparisonExtras: Sendable {
    /// The weight column used, if any.
    public var weight: String?
    /// `check ph`.
    public var ph: PHCheckResult?
    /// `test logrank|peto|fleming(RHO, GAMMA)`.
    public var test: WeightedTestResult?
    /// Why the requested test could not be computed.
    public var testNote: String?
    /// `rmst TAU`.
    public var rmst: RMSTResult?
    /// `within COL`.
    public var subgroups: SubgroupResult?
    public init() {}
}

/// R's `cox.zph(fit, transform = "km")`: one row per model term and the global test.
public struct PHCheckResult: Sendable {
    public struct Row: Sendable {
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
    public var transform: String
    public var terms: [Row]
    public var global: Row
    /// The level below which the global p flags a violation (0.05).
    public var level: Double
    /// True when the global test's p is below `level`.
    public var violated: Bool { global.p < level }
    public init(transform: String, terms: [Row], global: Row, level: Double = 0.05) {
        self.transform = transform
        self.terms = terms
        self.global = global
        self.level = level
    }
}

/// A weighted log-rank test of the groups: G(rho, gamma) weights S(t-)^rho (1 - S(t-))^gamma.
public struct WeightedTestResult: Sendable {
    /// `logrank`, `peto` or `fleming`.
    public var name: String
    public var rho: Double
    public var gamma: Double
    public var chisq: Double?
    public var df: Int
    public var p: Double?
    /// Weighted observed and expected events per group, in group order.
    public var observed: [Double]
    public var expected: [Double]
    public init(name: String, rho: Double, gamma: Double, chisq: Double?, df: Int, p: Double?, observed: [Double], expected: [Double]) {
        self.name = name
        self.rho = rho
        self.gamma = gamma
        self.chisq = chisq
        self.df = df
        self.p = p
        self.observed = observed
        self.expected = expected
    }

    /// `Peto–Peto (rho = 1)`, `Fleming–Harrington (rho = 0, gamma = 1)`, `log-rank`.
    public var title: String {
        switch name {
        case "peto": return "Peto–Peto (G-rho, rho = 1)"
        case "fleming": return "Fleming–Harrington (rho = \(Self.short(rho)), gamma = \(Self.short(gamma)))"
        default: return "log-rank"
        }
    }

    static func short(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}

/// Restricted mean survival time per group up to `horizon`, and each group against the
/// reference: difference and ratio with confidence intervals and p (Uno et al. 2014).
public struct RMSTResult: Sendable {
    public struct Group: Sendable {
        public var label: String
        public var rmst: Double
        public var stdErr: Double
        public init(label: String, rmst: Double, stdErr: Double) {
            self.label = label
            self.rmst = rmst
            self.stdErr = stdErr
        }
    }
    public struct Contrast: Sendable {
        public var label: String
        public var difference: Double
        public var differenceStdErr: Double
        public var differenceLower: Double
        public var differenceUpper: Double
        public var differenceP: Double
        public var ratio: Double
        public var ratioLower: Double
        public var ratioUpper: Double
        public var ratioP: Double
        public init(label: String, difference: Double, differenceStdErr: Double, differenceLower: Double, differenceUpper: Double,
                    differenceP: Double, ratio: Double, ratioLower: Double, ratioUpper: Double, ratioP: Double) {
            self.label = label
            self.difference = difference
            self.differenceStdErr = differenceStdErr
            self.differenceLower = differenceLower
            self.differenceUpper = differenceUpper
            self.differenceP = differenceP
            self.ratio = ratio
            self.ratioLower = ratioLower
            self.ratioUpper = ratioUpper
            self.ratioP = ratioP
        }
    }
    public var horizon: Double
    public var groups: [Group]
    public var contrasts: [Contrast]
    public init(horizon: Double, groups: [Group], contrasts: [Contrast]) {
        self.horizon = horizon
        self.groups = groups
        self.contrasts = contrasts
    }
}

/// `within COL`: the comparison in each level of COL, and the interaction test.
public struct SubgroupResult: Sendable {
    public struct Row: Sendable {
        public var level: String
        public var n: Int
        /// Events per group, in group order.
        public var events: [Double]
        /// One hazard ratio per non-reference group (empty when skipped).
        public var terms: [CoxTerm]
        /// Why the level was skipped (too few events), or nil.
        public var skipped: String?
        public init(level: String, n: Int, events: [Double], terms: [CoxTerm], skipped: String?) {
            self.level = level
            self.n = n
            self.events = events
            self.terms = terms
            self.skipped = skipped
        }
    }
    public var column: String
    public var rows: [Row]
    /// Likelihood-ratio test of the group × level interaction over the levels not skipped.
    public var interaction: TestStatistic?
    public var interactionNote: String?
    public init(column: String, rows: [Row], interaction: TestStatistic?, interactionNote: String?) {
        self.column = column
        self.rows = rows
        self.interaction = interaction
        self.interactionNote = interactionNote
    }
}
