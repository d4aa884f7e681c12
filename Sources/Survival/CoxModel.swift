import Foundation

/// A fitted Cox proportional hazards model, computed as R's
/// `coxph(Surv(time, status) ~ x1 + ... + strata(s), weights, cluster, ties = "efron")`
/// does in survival 3.5-3 at its default `coxph.control()` (eps 1e-9,
/// toler.chol = .Machine$double.eps^0.75, iter.max 20, toler.inf = sqrt(eps)).
///
/// The model: hazard `h(t | x) = h0_s(t) exp(x' beta)` with a separate baseline `h0_s` per
/// stratum. Beta maximizes the partial likelihood (Efron's or Breslow's tie handling) by
/// Newton–Raphson from beta = 0 (`CoxNewtonRaphson`). Reported, as `summary.coxph`:
/// per coefficient the estimate, hazard ratio `exp(b)`, standard error `sqrt(diag(var))`
/// (robust when robust), `z = b / se`, Wald p `pchisq(z^2, 1, lower = FALSE)` and the
/// confidence interval `exp(b -/+ qnorm((1 + level) / 2) se)`; loglik at 0 and at beta-hat;
/// the likelihood-ratio, Wald (`fit$wald.test`, unrounded) and score (at beta = 0) tests with
/// df = number of estimable coefficients; the robust score test when robust; Harrell's
/// concordance with its infinitesimal-jackknife standard error (`CoxConcordance`); and
/// `rsq = 1 - exp(-LR / n)`.
///
/// Input conventions:
/// - Times are used exactly as given: apply time fixing (R's `aeqSurv`, `timefix = TRUE`)
///   beforehand if near-equal times should tie.
/// - Rows with NaN in time, entry, a covariate or a weight are dropped (R's `na.omit`), and so
///   are rows with `entry >= time` (R's `Surv()` turns them into NA); `omittedRows` lists them.
/// - Zero-weight rows contribute nothing to any sum and are dropped too (R 3.5-3 refuses
///   them with "Invalid weights, must be >0"; dropping gives the limit of a small weight).
/// - Negative or infinite weights and infinite covariates throw `InputError`, as R stops.
///
/// Edge behaviour (never a trap, never a NaN passed off as a number):
/// - No events: every coefficient is nil, loglik 0 (an empty product), no tests, the
///   `.noEvents` warning (R returns NA coefficients the same way).
/// - A covariate with zero variance or collinear with others: its coefficient is nil and
///   `isRedundant` is set (R prints NA); the other coefficients are fitted as usual.
/// - Monotone likelihood (complete separation): the fit converges on a huge coefficient and
///   carries R's warning "Loglik converged before variable  1 ; coefficient may be infinite. ".
/// - Non-convergence: `converged` is false with "Ran out of iterations and did not converge".
public struct CoxModel: Sendable {
    /// How tied event times are handled.
    public enum Ties: String, Sendable, CaseIterable {
        /// Efron's approximation (R's default).
        case efron
        /// Breslow's approximation.
        case breslow
    }

    /// Fitting options; the defaults are R's.
    public struct Options: Sendable {
        /// Tie handling (`ties`), default Efron.
        public var ties: Ties = .efron
        /// Robust (sandwich) variance. nil means R's default: true when clusters are given or
        /// any case weight is not an integer.
        public var robust: Bool? = nil
        /// Confidence level of the hazard-ratio intervals (`conf.int`, default 0.95).
        public var confidenceLevel: Double = 0.95
        /// Maximum Newton–Raphson iterations (`iter.max`, default 20).
        public var maxIterations: Int = 20
        /// Relative loglik change that counts as convergence (`eps`, default 1e-9).
        public var epsilon: Double = 1e-9
        /// Pivot tolerance of the Cholesky decomposition (`toler.chol`, default eps^0.75).
        public var cholTolerance: Double = pow(Double.ulpOfOne, 0.75)
        /// Threshold of the infinite-coefficient check (`toler.inf`); nil means sqrt(epsilon).
        public var infiniteTolerance: Double? = nil
        /// Polled at each Newton–Raphson iteration and before the concordance; when it returns
        /// true the fit stops and `fit` throws `InputError.cancelled`.
        public var isCancelled: (@Sendable () -> Bool)? = nil
        /// Threads the fit may use for its element-wise work (risk scores, linear predictor)
        /// and the concordance; at least 1. Results are the same bits whatever the count.
        public var threads: Int = 1

        public init(ties: Ties = .efron, robust: Bool? = nil, confidenceLevel: Double = 0.95,
                    maxIterations: Int = 20, epsilon: Double = 1e-9) {
            self.ties = ties
            self.robust = robust
            self.confidenceLevel = confidenceLevel
            self.maxIterations = maxIterations
            self.epsilon = epsilon
        }
    }

    /// One column of the design matrix.
    public struct Covariate: Sendable {
        /// Column name as reported (`sex`, `celltypesmallcell`).
        public var name: String
        /// The values, as given or as an indicator of a level of codes.
        public var column: Column
        /// The model term the column belongs to; the indicator columns of one factor share a
        /// term, which `CoxZPH` tests jointly. Defaults to `name`.
        public var term: String

        /// One value per row (an indicator column is written out on each read).
        public var values: [Double] {
            get { column.values }
            set { column = .values(newValue) }
        }

        /// A design column: values, or a level indicator read from integer codes without an array
        /// of doubles of its own (the fit gathers its rows anyway).
        public enum Column: Sendable {
            case values([Double])
            /// 1 where `codes[row] == level`, 0 at other non-negative codes, NaN (missing) where
            /// the code is negative.
            case indicator(codes: [Int32], level: Int32)
            /// `indicator` read from codes of one byte a row (`UInt8.max` missing), as a table
            /// stores a text column of up to 255 levels: no 32-bit copy of them.
            case byteIndicator(codes: [UInt8], level: UInt8)
            /// Whole numbers stored narrow, as a table stores them, read as doubles where the fit
            /// gathers them (exactly: every value of these widths is a double), without a column
            /// of doubles of their own.
            case integers(Integers)

            /// Narrow whole numbers; the type's `.min` is missing (NaN).
            public enum Integers: Sendable {
                case int8([Int8])
                case int16([Int16])
                case int32([Int32])

                var count: Int {
                    switch self {
                    case let .int8(v): return v.count
                    case let .int16(v): return v.count
                    case let .int32(v): return v.count
                    }
                }

                @inline(__always)
                static func double<I: FixedWidthInteger>(_ x: I) -> Double { x == I.min ? .nan : Double(x) }

                /// True when some value is the type's `.min` (missing, NaN as a double).
                var containsMissing: Bool {
                    switch self {
                    case let .int8(v): return v.contains(.min)
                    case let .int16(v): return v.contains(.min)
                    case let .int32(v): return v.contains(.min)
                    }
                }

                /// Calls `body` with each value of `v` widened to a double.
                @inline(__always)
                func withValues<R>(_ body: (Int, (Int) -> Double) -> R) -> R {
                    switch self {
                    case let .int8(v): return v.withUnsafeBufferPointer { b in body(b.count) { Integers.double(b[$0]) } }
                    case let .int16(v): return v.withUnsafeBufferPointer { b in body(b.count) { Integers.double(b[$0]) } }
                    case let .int32(v): return v.withUnsafeBufferPointer { b in body(b.count) { Integers.double(b[$0]) } }
                    }
                }
            }

            /// Number of rows.
            public var count: Int {
                switch self {
                case let .values(v): return v.count
                case let .indicator(codes, _): return codes.count
                case let .byteIndicator(codes, _): return codes.count
                case let .integers(v): return v.count
                }
            }

            /// The value at `row`.
            @inline(__always)
            public subscript(row: Int) -> Double {
                switch self {
                case let .values(v): return v[row]
                case let .indicator(codes, level): return Column.indicator(codes[row], level)
                case let .byteIndicator(codes, level): return Column.indicator(codes[row], level)
                case let .integers(v): return v.withValues { _, x in x(row) }
                }
            }

            @inline(__always)
            static func indicator(_ code: Int32, _ level: Int32) -> Double { code < 0 ? .nan : (code == level ? 1 : 0) }

            @inline(__always)
            static func indicator(_ code: UInt8, _ level: UInt8) -> Double { code == .max ? .nan : (code == level ? 1 : 0) }

            /// Every value, in row order.
            public var values: [Double] {
                switch self {
                case let .values(v): return v
                case let .indicator(codes, level): return codes.map { Column.indicator($0, level) }
                case let .byteIndicator(codes, level): return codes.map { Column.indicator($0, level) }
                case let .integers(v): return v.withValues { n, x in (0..<n).map(x) }
                }
            }

            /// True when fewer than two distinct values occur (NaN counted as distinct from all).
            public var isConstant: Bool {
                switch self {
                case let .values(v): return v.count < 2 || !v.contains(where: { $0 != v[0] })
                case let .indicator(codes, level):
                    guard let first = codes.first else { return true }
                    let a = Column.indicator(first, level)
                    return !codes.contains(where: { Column.indicator($0, level) != a })
                case let .byteIndicator(codes, level):
                    guard let first = codes.first else { return true }
                    let a = Column.indicator(first, level)
                    return !codes.contains(where: { Column.indicator($0, level) != a })
                case let .integers(v):
                    // Compared as doubles, as `.values` are (NaN differs from all).
                    return v.withValues { n, x in n < 2 || !(1..<n).contains(where: { x($0) != x(0) }) }
                }
            }

            /// True when some value is NaN (missing).
            var containsNaN: Bool {
                switch self {
                case let .values(v): return v.contains(where: \.isNaN)
                case let .indicator(codes, _): return codes.contains(where: { $0 < 0 })
                case let .byteIndicator(codes, _): return codes.contains(.max)
                case let .integers(v): return v.containsMissing
                }
            }

            /// True when some value is infinite (an indicator or an integer never is).
            var containsInfinite: Bool {
                if case let .values(v) = self { return v.contains(where: \.isInfinite) }
                return false
            }

            /// Calls `body` with the value at each position of `rows` (row indices in this
            /// column), in order: `body(k, value)` for the k-th row.
            @inline(__always)
            func gather(_ rows: Range<Int>, at row: (Int) -> Int, _ body: (Int, Double) -> Void) {
                switch self {
                case let .values(v):
                    v.withUnsafeBufferPointer { col in for k in rows { body(k, col[row(k)]) } }
                case let .indicator(codes, level):
                    codes.withUnsafeBufferPointer { c in for k in rows { body(k, Column.indicator(c[row(k)], level)) } }
                case let .byteIndicator(codes, level):
                    codes.withUnsafeBufferPointer { c in for k in rows { body(k, Column.indicator(c[row(k)], level)) } }
                case let .integers(v):
                    v.withValues { _, x in for k in rows { body(k, x(row(k))) } }
                }
            }
        }

        public init(name: String, values: [Double], term: String? = nil) {
            self.name = name
            self.column = .values(values)
            self.term = term ?? name
        }

        /// An indicator of `level` in `codes` (see `Column.indicator`).
        public init(name: String, indicatorOf level: Int32, in codes: [Int32], term: String? = nil) {
            self.name = name
            self.column = .indicator(codes: codes, level: level)
            self.term = term ?? name
        }

        /// An indicator of `level` in one-byte codes (see `Column.byteIndicator`).
        public init(name: String, indicatorOf level: UInt8, in codes: [UInt8], term: String? = nil) {
            self.name = name
            self.column = .byteIndicator(codes: codes, level: level)
            self.term = term ?? name
        }
    }

    /// One row of the coefficient table. Every statistic is nil for a redundant column.
    public struct Coefficient: Sendable {
        public var name: String
        public var term: String
        /// beta; nil when the column is redundant (zero variance or collinear), R's NA.
        public var estimate: Double?
        /// exp(beta).
        public var hazardRatio: Double?
        /// sqrt of the diagonal of `variance` (robust when the model is robust).
        public var standardError: Double?
        /// Model-based standard error (equals `standardError` unless robust).
        public var naiveStandardError: Double?
        /// beta / se.
        public var z: Double?
        /// Wald p-value, pchisq(z^2, 1, lower = FALSE).
        public var p: Double?
        /// exp(beta - q se), q = qnorm((1 + level) / 2).
        public var lower: Double?
        /// exp(beta + q se).
        public var upper: Double?
        /// True when R would report NA for this coefficient.
        public var isRedundant: Bool
    }

    /// A chi-square test.
    public struct Test: Sendable, Equatable {
        public var statistic: Double
        public var df: Int
        /// pchisq(statistic, df, lower = FALSE).
        public var p: Double
    }

    /// Conditions R reports as warnings or notes; `message` is R's text.
    public enum Warning: Sendable, Equatable {
        /// No events among the rows used.
        case noEvents
        /// Newton–Raphson hit `iter.max`.
        case didNotConverge
        /// The loglik converged while these (1-based) coefficients were still moving.
        case possiblyInfinite(columns: [Int], countingProcess: Bool)
        /// After running out of iterations the linear predictor exceeds 500 or the check is
        /// not finite.
        case someCoefficientsMayBeInfinite
        /// These (1-based) columns are redundant; their coefficients are NA.
        case singular(columns: [Int])
        /// Clusters were given with `robust: false`; they are ignored for the variance.
        case clusterIgnored
        /// Rows were dropped for missing values, entry >= exit, or zero weight.
        case rowsOmitted(count: Int)
        /// The fit overflowed (R stops: "routine failed due to numeric overflow.").
        case numericOverflow

        /// R's wording.
        public var message: String {
            switch self {
            case .noEvents: return "No events: the Cox model has no information"
            case .didNotConverge: return "Ran out of iterations and did not converge"
            case let .possiblyInfinite(cols, counting):
                let list = cols.map(String.init).joined(separator: ",")
                return "Loglik converged before variable  \(list) ; \(counting ? "beta" : "coefficient") may be infinite. "
            case .someCoefficientsMayBeInfinite: return "one or more coefficients may be infinite"
            case let .singular(cols):
                return "X matrix deemed to be singular; variable \(cols.map(String.init).joined(separator: " "))"
            case .clusterIgnored: return "cluster specified with robust=FALSE, cluster ignored"
            case let .rowsOmitted(k): return "\(k) observation\(k == 1 ? "" : "s") deleted due to missingness"
            case .numericOverflow: return "routine failed due to numeric overflow."
            }
        }
    }

    /// Problems with the arguments themselves (R stops with these).
    public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
        case lengthMismatch(what: String, expected: Int, actual: Int)
        case invalidWeights
        case infinitePredictor(name: String)
        case infiniteTime
        case clusterRequired
        case invalidConfidenceLevel
        /// More rows than a fit's 32-bit row indices hold (2,147,483,647).
        case tooManyRows(Int)
        /// `Options.isCancelled` asked the fit to stop.
        case cancelled

        public var description: String {
            switch self {
            case let .lengthMismatch(what, e, a): return "\(what) has length \(a), expected \(e)"
            case .invalidWeights: return "Invalid weights, must be >0"
            case let .infinitePredictor(name): return "data contains an infinite predictor (\(name))"
            case .infiniteTime: return "survival times must be finite"
            case .clusterRequired: return "one of cluster or id is needed"
            case .invalidConfidenceLevel: return "confidence level must be strictly between 0 and 1"
            case let .tooManyRows(n): return "\(n) rows are more than a Cox fit takes (at most \(Int32.max))"
            case .cancelled: return "cancelled"
            }
        }
    }

    // MARK: Results

    /// Tie handling used.
    public let ties: Ties
    /// Rows used (`fit$n`).
    public let n: Int
    /// Number of events among them (`fit$nevent`).
    public let eventCount: Int
    /// Input rows left out (missing values, entry >= exit, zero weight), ascending.
    public let omittedRows: [Int]
    /// True for counting-process (start, stop] data.
    public let isCountingProcess: Bool
    /// The coefficient table, in covariate order.
    public let coefficients: [Coefficient]
    /// Variance of beta-hat used for inference (robust when `isRobust`), p x p row-major
    /// rows; zero rows and columns for redundant covariates, as R.
    public let variance: [[Double]]
    /// Model-based variance (inverse information), R's `naive.var` when robust.
    public let naiveVariance: [[Double]]
    /// True when `variance` is the robust sandwich.
    public let isRobust: Bool
    /// Number of clusters in the robust variance (each row its own without clusters).
    public let clusterCount: Int?
    /// Log partial likelihood at beta = 0 (`fit$loglik[1]`).
    public let logLikelihoodNull: Double
    /// Log partial likelihood at beta-hat (`fit$loglik[2]`).
    public let logLikelihood: Double
    /// Newton–Raphson iterations used (`fit$iter`).
    public let iterations: Int
    /// False when the iterations ran out.
    public let converged: Bool
    /// 2 (loglik - loglik0).
    public let likelihoodRatioTest: Test?
    /// `fit$wald.test`, b' V^- b over the estimable coefficients (V robust when robust).
    public let waldTest: Test?
    /// Score (log-rank) test at beta = 0.
    public let scoreTest: Test?
    /// Robust score test at beta = 0 (`fit$rscore`), when robust.
    public let robustScoreTest: Test?
    /// Concordance of the linear predictor with survival (`fit$concordance`).
    public let concordance: CoxConcordance?
    /// `1 - exp(-LR / n)` (`summary()$rsq`).
    public let rSquared: Double?
    /// `1 - exp(2 loglik0 / n)`.
    public let maxRSquared: Double?
    /// Warnings, in the order R would give them.
    public let warnings: [Warning]
    /// Centring values of the linear predictor (`fit$means`).
    public let means: [Double]
    /// `x' beta - sum(beta * means)` for each used row, in input-row order of `usedRows`
    /// (put together on each call from the sorted order the fit keeps).
    public var linearPredictors: [Double] {
        var out = [Double](repeating: 0, count: n)
        let sortedLinearPredictor = self.sortedLinearPredictor
        if let used = usedInputRows {
            var slot = [Int32](repeating: 0, count: Int(used.last ?? 0) + 1)
            for (k, r) in used.enumerated() { slot[Int(r)] = Int32(truncatingIfNeeded: k) }
            for i in 0..<n { out[Int(slot[Int(design.inputRow[i])])] = sortedLinearPredictor[i] }
        } else {
            for i in 0..<n { out[Int(design.inputRow[i])] = sortedLinearPredictor[i] }
        }
        return out
    }
    /// The input rows used, ascending.
    public var usedRows: [Int] { usedInputRows.map { $0.map { Int($0) } } ?? Array(0..<n) }
    /// The input rows used, ascending; nil when every input row was used.
    let usedInputRows: [Int32]?

    /// Internal state for `CoxZPH`.
    let design: CoxDesign
    /// Linear predictor in the design's sorted order (computed on each call, the fit's values;
    /// not kept, 8 bytes a row).
    var sortedLinearPredictor: [Double] {
        if eventCount == 0 { return [Double](repeating: 0, count: n) }
        return CoxModel.sortedLinearPredictor(design: design, usedInputRows: usedInputRows, beta: rawBeta,
                                              means: means, threads: 1)
    }
    /// Column names and terms.
    let columnNames: [String]
    let columnTerms: [String]
    /// Raw coefficient values (0 for redundant columns), as the C code leaves them.
    let rawBeta: [Double]
    let redundant: [Bool]
}
