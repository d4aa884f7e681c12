import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A logistic regression fitted by iteratively reweighted least squares, reproducing
/// R's `glm(y ~ x, family = binomial(link = "logit"))` (and MatchIt's
/// `quasibinomial(logit)`, whose estimates are identical), i.e. `glm.fit` in R 4.2.2.
///
/// Model: logit P(y = 1) = b0 + x'b; an intercept column named `(Intercept)` is added first.
///
/// The iteration is R's exactly:
/// - start at mu = linkinv(linkfun((w y + 0.5) / (w + 1))) with prior weights w (default 1);
/// - each step regresses the working response z = eta + (y - mu) / mu.eta(eta) on X with working
///   weights w mu.eta^2 / (mu (1 - mu)) by Householder QR with R's limited pivoting (`dqrdc2`,
///   tolerance min(1e-7, epsilon / 1000)); only rows with w > 0 take part. For more than 2,048
///   rows the triangular factor is first accumulated block-wise (TSQR) and `dqrdc2` runs on it,
///   which makes the same rank and pivot decisions (see `PivotedQR.tallSkinny`);
/// - stop when |dev - dev_old| / (|dev| + 0.1) < epsilon (1e-8) or after `maxIterations` (25);
///   the coefficients of the last step are returned.
/// - the inverse link and its derivative are R's C versions, clamped at |eta| > 30.
///
/// Edge behaviour (never traps):
/// - A column that is constant or collinear with earlier ones is aliased: its coefficient is
///   `nil` (R's `NA`) and it does not enter the linear predictor.
/// - Perfect or quasi-complete separation: the fit runs to `maxIterations` or converges with
///   probabilities within 10 * DBL_EPSILON of 0 or 1; the warnings carry R's texts
///   ("glm.fit: algorithm did not converge", "glm.fit: fitted probabilities numerically 0 or 1
///   occurred"). R issues the second only for `binomial`; it is reported here regardless.
/// - Invalid input (length mismatch, a response outside {0, 1}, missing values, negative
///   weights, no usable rows) sets ``inputProblem`` and leaves coefficients `nil` and the
///   fitted values NaN.
public struct LogisticRegression: Sendable {
    /// Iteration control, as `glm.control()`.
    public struct Control: Sendable, Equatable {
        public var epsilon: Double
        public var maxIterations: Int
        public init(epsilon: Double = 1e-8, maxIterations: Int = 25) {
            self.epsilon = epsilon
            self.maxIterations = maxIterations
        }
    }

    /// Warnings R would print, with R's text in ``message``.
    public enum Warning: Sendable, Equatable {
        case didNotConverge
        case fittedProbabilitiesZeroOrOne

        public var message: String {
            switch self {
            case .didNotConverge: return "glm.fit: algorithm did not converge"
            case .fittedProbabilitiesZeroOrOne: return "glm.fit: fitted probabilities numerically 0 or 1 occurred"
            }
        }
    }

    /// Why a fit could not be attempted.
    public enum InputProblem: Sendable, Equatable {
        case lengthMismatch
        case responseNotBinary
        case missingValues(column: String)
        case invalidWeights
        case noObservations

        public var message: String {
            switch self {
            case .lengthMismatch: return "the response, covariates and weights differ in length"
            case .responseNotBinary: return "y values must be 0 <= y <= 1"
            case let .missingValues(column): return "missing or non-finite values in '\(column)'"
            case .invalidWeights: return "negative or non-finite weights not allowed"
            case .noObservations: return "no observations with positive weight"
            }
        }
    }

    /// `(Intercept)` followed by the design column names.
    public var coefficientNames: [String]
    /// Estimates in the order of ``coefficientNames``; `nil` for aliased columns (R's `NA`).
    public var coefficients: [Double?]
    /// Fitted probabilities for every row (`fitted(fit)`, `predict(fit, type = "response")`).
    public var fittedProbabilities: [Double]
    /// The linear predictor for every row (`predict(fit, type = "link")`); empty when the fit was
    /// made with `keepsLinearPredictor: false`.
    public var linearPredictor: [Double]
    /// Residual deviance, -2 log-likelihood with prior weights.
    public var deviance: Double
    /// Number of IRLS iterations run (`fit$iter`).
    public var iterations: Int
    /// True when the deviance criterion was met within `maxIterations`.
    public var converged: Bool
    /// Rank of the design including the intercept.
    public var rank: Int
    /// R's warnings, in the order R emits them.
    public var warnings: [Warning]
    /// Set when the input could not be fitted at all.
    public var inputProblem: InputProblem?

    /// Names of the aliased (NA) coefficients.
    public var aliasedNames: [String] {
        zip(coefficientNames, coefficients).compactMap { $1 == nil ? $0 : nil }
    }

    /// Fits `response ~ design` with an intercept. `isCancelled` is polled at each iteration;
    /// when it returns true the iterations stop early (the caller discards the fit). With
    /// `threads` > 1 the QR of large designs runs on two threads; the fit is bit-identical.
    /// With `keepsLinearPredictor` false, ``linearPredictor`` is left empty (and, without prior
    /// weights, the fit holds no array of it), for callers that need only the probabilities.
    public init(response y: [Double], design: DesignMatrix, weights: [Double]? = nil, control: Control = Control(),
                threads: Int = 1, isCancelled: (@Sendable () -> Bool)? = nil, keepsLinearPredictor: Bool = true) {
        self.init(response: .values(y), design: design, weights: weights, control: control, threads: threads,
                  isCancelled: isCancelled, keepsLinearPredictor: keepsLinearPredictor)
    }

    /// ``init(response:design:weights:control:threads:isCancelled:keepsLinearPredictor:)`` with the
    /// response 1 where `binaryResponse` is true and 0 elsewhere, read in place (the same numbers
    /// as an array of doubles, without one).
    public init(binaryResponse y: [Bool], design: DesignMatrix, weights: [Double]? = nil, control: Control = Control(),
                threads: Int = 1, isCancelled: (@Sendable () -> Bool)? = nil, keepsLinearPredictor: Bool = true) {
        self.init(response: .binary(y), design: design, weights: weights, control: control, threads: threads,
                  isCancelled: isCancelled, keepsLinearPredictor: keepsLinearPredictor)
    }

    private init(response y: ResponseColumn, design: DesignMatrix, weights: [Double]?, control: Control,
                 threads: Int, isCancelled: (@Sendable () -> Bool)?, keepsLinearPredictor: Bool) {
        let n = y.count
        let names = ["(Intercept)"] + design.columns.map(\.name)
        let p = names.count
        coefficientNames = names
        coefficients = [Double?](repeating: nil, count: p)
        fittedProbabilities = [Double](repeating: .nan, count: n)
        linearPredictor = keepsLinearPredictor ? [Double](repeating: .nan, count: n) : []
        deviance = .nan
        iterations = 0
        converged = false
        rank = 0
        warnings = []
        inputProblem = nil

        if let problem = LogisticRegression.validate(y: y, design: design, weights: weights) {
            inputProblem = problem
            return
        }
        // Rows with positive prior weight; nil when all rows are used (always without weights).
        let good: [Int]? = weights.flatMap { w in w.allSatisfy { $0 > 0 } ? nil : (0..<n).filter { w[$0] > 0 } }
        let tol = Swift.min(1e-7, control.epsilon / 1000)
        var mu = [Double](repeating: 0, count: n)
        // eta is stored when asked for or when the working response is made in a pass of its own
        // (some prior weights zero); otherwise each pass keeps a chunk of it at a time.
        var eta = keepsLinearPredictor || good != nil ? [Double](repeating: 0, count: n) : []
        var start = [Double](repeating: 0, count: p)
        var fitRank = 0
        var fitPivot = Array(0..<p)
        var conv = false
        var iter = 0
        var dev = Double.nan
        LogisticRegression.withDesign(design.columns.map(\.values), n: n) { x in
        y.withResponse { yr in
        mu.withUnsafeMutableBufferPointer { mub in
        eta.withUnsafeMutableBufferPointer { etab in
        (weights ?? []).withUnsafeBufferPointer { wb in
        (good ?? []).withUnsafeBufferPointer { gb in
            // Per-row work (working weights, linear predictor, deviance terms) runs in fixed chunks,
            // on `threads` threads for large n; every row's arithmetic is the same either way and
            // the deviance is summed in row order, so the fit does not depend on the thread count.
            // The rows are read in place: the response, the prior weights (nil: all 1), the design.
            let rowsWork = IRLSRows(x: x, y: yr, prior: weights == nil ? nil : wb.baseAddress,
                                    good: good == nil ? nil : gb.baseAddress, goodCount: good?.count ?? n,
                                    eta: etab.isEmpty ? nil : etab.baseAddress, mu: mub.baseAddress!, threads: threads)
            var workingIsCurrent = rowsWork.start()
            var devold = rowsWork.deviance()
            dev = devold
            let maxit = Swift.max(control.maxIterations, 1)
            while iter < maxit {
                if iter > 0, let isCancelled, isCancelled() { break }
                iter += 1
                if !workingIsCurrent { rowsWork.workingResponse() }
                let qr = PivotedQR.tallSkinny(x: x, rows: rowsWork.good, rowCount: rowsWork.goodCount,
                                              rowWeights: UnsafePointer(rowsWork.rowWeights),
                                              response: UnsafePointer(rowsWork.working), tol: tol, threads: threads)
                fitRank = qr.rank
                fitPivot = qr.pivot
                for j in 0..<p { start[qr.pivot[j]] = qr.coefficients[j] }
                workingIsCurrent = rowsWork.predict(start)
                dev = rowsWork.sumTerms()
                if Swift.abs(dev - devold) / (Swift.abs(dev) + 0.1) < control.epsilon {
                    conv = true
                    break
                }
                devold = dev
            }
        }
        }
        }
        }
        }
        }

        var coef: [Double?] = start.map { $0 }
        if fitRank < p {
            for j in fitRank..<p { coef[fitPivot[j]] = nil }
        }
        coefficients = coef
        fittedProbabilities = mu
        linearPredictor = keepsLinearPredictor ? eta : []
        deviance = dev
        iterations = iter
        converged = conv
        rank = fitRank
        if !conv { warnings.append(.didNotConverge) }
        let eps = 10 * Double.ulpOfOne
        if mu.contains(where: { $0 > 1 - eps || $0 < eps }) { warnings.append(.fittedProbabilitiesZeroOrOne) }
    }

    static func validate(y: ResponseColumn, design: DesignMatrix, weights: [Double]?) -> InputProblem? {
        let n = y.count
        if design.columns.contains(where: { $0.values.count != n }) || (weights.map { $0.count != n } ?? false) {
            return .lengthMismatch
        }
        if case let .values(y) = y {
            if y.contains(where: { !$0.isFinite }) { return .missingValues(column: "response") }
            if y.contains(where: { $0 < 0 || $0 > 1 }) { return .responseNotBinary }
        }
        for c in design.columns where c.values.contains(where: { !$0.isFinite }) {
            return .missingValues(column: c.name)
        }
        if let w = weights, w.contains(where: { !$0.isFinite || $0 < 0 }) { return .invalidWeights }
        let positive = weights.map { $0.contains { $0 > 0 } } ?? (n > 0)
        if !positive { return .noObservations }
        return nil
    }

    /// The response as given: doubles, or booleans read as 1 and 0.
    enum ResponseColumn {
        case values([Double])
        case binary([Bool])

        var count: Int {
            switch self {
            case let .values(y): return y.count
            case let .binary(y): return y.count
            }
        }

        /// Calls `body` with the response read in place.
        func withResponse<R>(_ body: (IRLSRows.Response) -> R) -> R {
            switch self {
            case let .values(y): return y.withUnsafeBufferPointer { body(.values($0.baseAddress!)) }
            case let .binary(y): return y.withUnsafeBufferPointer { body(.binary($0.baseAddress!)) }
            }
        }
    }

    // R's C routines in src/library/stats/src/family.c.
    static let threshold = 30.0
    static let invEps = 1 / Double.ulpOfOne

    /// `logit_linkinv`, given e = exp(eta).
    @inline(__always)
    static func linkinv(_ eta: Double, exp e: Double) -> Double {
        let t = eta < -threshold ? Double.ulpOfOne : (eta > threshold ? invEps : e)
        return t / (1 + t)
    }

    /// `logit_mu_eta`, given e = exp(eta).
    @inline(__always)
    static func muEta(_ eta: Double, exp e: Double) -> Double {
        let opexp = 1 + e
        return (eta > threshold || eta < -threshold) ? Double.ulpOfOne : e / (opexp * opexp)
    }

    static func deviance(y: [Double], mu: [Double], weights: [Double]) -> Double {
        var s = 0.0
        for i in y.indices { s += devianceTerm(y: y[i], mu: mu[i], weight: weights[i]) }
        return s
    }

    /// One row's contribution to the binomial deviance.
    @inline(__always)
    static func devianceTerm(y: Double, mu: Double, weight: Double) -> Double {
        @inline(__always) func ylogy(_ y: Double, _ mu: Double) -> Double { y != 0 ? y * log(y / mu) : 0 }
        return 2 * weight * (ylogy(y, mu) + ylogy(1 - y, 1 - mu))
    }
}

/// The per-row arrays of an IRLS fit and the passes over them, each done in fixed chunks of
/// rows, in parallel when `threads` > 1 and there are enough rows. Chunks write disjoint rows and
/// every row is computed by the same expression as in a plain loop, so results are bit-identical
/// for any thread count; the deviance terms are stored and then summed in row order.
///
/// The inputs and the fitted `eta` and `mu` belong to the caller and are used in place; a missing
/// prior weight is the constant 1 (the same numbers as an array of ones). Only the deviance terms
/// and the working weights and response are allocated here. Without a caller's `eta` (possible
/// only when every row is used, so that a chunk's eta is needed only while the chunk is done),
/// each pass keeps the eta of its chunk in a buffer of its own.
final class IRLSRows: @unchecked Sendable {
    /// The response read in place: doubles, or booleans read as 1 and 0 (the same numbers).
    enum Response {
        case values(UnsafePointer<Double>)
        case binary(UnsafePointer<Bool>)

        @inline(__always)
        subscript(i: Int) -> Double {
            switch self {
            case let .values(y): return y[i]
            case let .binary(y): return y[i] ? 1 : 0
            }
        }
    }

    let n: Int
    let p: Int
    let threads: Int
    /// Inputs: the design, response, prior weights (nil: all 1), rows with weight > 0 (nil: all).
    let x: InterceptDesign
    let y: Response
    let prior: UnsafePointer<Double>?
    let good: UnsafePointer<Int>?
    let goodCount: Int
    /// Outputs, n values each, owned by the caller (`eta` nil: not kept, see above).
    let eta: UnsafeMutablePointer<Double>?
    let mu: UnsafeMutablePointer<Double>
    let terms: UnsafeMutablePointer<Double>
    /// sqrt of the working weights and the working response, for the rows in `good`.
    let rowWeights: UnsafeMutablePointer<Double>
    let working: UnsafeMutablePointer<Double>
    /// Rows per chunk; fixed, so that the work split does not depend on the thread count.
    static let chunkRows = 16_384

    init(x: InterceptDesign, y: Response, prior: UnsafePointer<Double>?, good: UnsafePointer<Int>?,
         goodCount: Int, eta: UnsafeMutablePointer<Double>?, mu: UnsafeMutablePointer<Double>, threads: Int) {
        precondition(eta != nil || good == nil, "eta is kept when some rows are left out")
        n = x.n
        p = x.p
        self.threads = threads
        self.x = x
        self.y = y
        self.prior = prior
        self.good = good
        self.goodCount = goodCount
        self.eta = eta
        self.mu = mu
        func zeros(_ k: Int) -> UnsafeMutablePointer<Double> {
            let q = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(k, 1))
            q.initialize(repeating: 0, count: Swift.max(k, 1))
            return q
        }
        terms = zeros(n)
        rowWeights = zeros(goodCount)
        working = zeros(goodCount)
    }

    deinit {
        for q in [terms, rowWeights, working] { q.deallocate() }
    }

    /// Runs `body` on each chunk of 0..<count, on two or more threads when asked and worthwhile.
    private func chunks(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let size = IRLSRows.chunkRows
        let k = (count + size - 1) / size
        if threads > 1 && k >= 4 {
            ParallelChunks.run(parts: k) { c in body((c * size)..<Swift.min(count, (c + 1) * size)) }
        } else {
            for c in 0..<k { body((c * size)..<Swift.min(count, (c + 1) * size)) }
        }
    }

    /// Calls `body` with storage for eta at the rows `r`, read and written as `e[i - r.lowerBound]`:
    /// the caller's array, or a buffer for the chunk when eta is not kept.
    @inline(__always)
    private func withEta(_ r: Range<Int>, _ body: (UnsafeMutablePointer<Double>) -> Void) {
        if let eta { body(eta + r.lowerBound); return }
        let e = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(r.count, 1))
        defer { e.deallocate() }
        body(e)
    }

    /// Prior weight of row i.
    @inline(__always)
    private func weight(_ i: Int) -> Double { prior?[i] ?? 1 }

    /// eta and mu at R's start, mu = (w y + 0.5) / (w + 1); when every row is used, also the first
    /// working response (returns whether it did).
    func start() -> Bool {
        let allRows = good == nil
        chunks(n) { [self] r in
            withEta(r) { e in
                let lo = r.lowerBound
                for i in r {
                    let w = weight(i)
                    let mustart = (w * y[i] + 0.5) / (w + 1)
                    let eta = log(mustart / (1 - mustart))
                    e[i - lo] = eta
                    let ex = exp(eta)
                    mu[i] = LogisticRegression.linkinv(eta, exp: ex)
                    if allRows { workingRow(i, eta: eta, at: i, exp: ex) }
                }
            }
        }
        return allRows
    }

    /// sqrt(w mu.eta^2 / var(mu)) and z = eta + (y - mu) / mu.eta for the rows in `good` (eta kept).
    func workingResponse() {
        chunks(goodCount) { [self] range in
            guard let eta else { return }
            for r in range {
                let i = good?[r] ?? r
                workingRow(i, eta: eta[i], at: r, exp: exp(eta[i]))
            }
        }
    }

    /// The working weight and response of row i (linear predictor `eta`), stored at index r,
    /// given e = exp(eta).
    @inline(__always)
    private func workingRow(_ i: Int, eta: Double, at r: Int, exp e: Double) {
        let me = LogisticRegression.muEta(eta, exp: e)
        let variance = mu[i] * (1 - mu[i])
        rowWeights[r] = (weight(i) * me * me / variance).squareRoot()
        working[r] = eta + (y[i] - mu[i]) / me
    }

    /// eta = X b (columns with b_j = 0 skipped, sums from 0 in column order), mu and the deviance
    /// terms (summed by ``sumTerms()``); when every row is used (`good` is all rows), also the
    /// next iteration's working response, in the same pass while the chunk is in cache. Returns
    /// whether it did the latter.
    func predict(_ b: [Double]) -> Bool {
        let used = (0..<p).filter { b[$0] != 0 }
        let allRows = good == nil
        chunks(n) { [self] r in
            withEta(r) { e in
                let lo = r.lowerBound, m = r.count
                for k in 0..<m { e[k] = 0 }
                for j in used {
                    let bj = b[j]
                    if j == 0 {
                        for k in 0..<m { e[k] += bj }       // the intercept column: 1 * bj is bj
                    } else {
                        let col = x.column(j) + lo
                        for k in 0..<m { e[k] += col[k] * bj }
                    }
                }
                for i in r {
                    let eta = e[i - lo]
                    let ex = exp(eta)
                    mu[i] = LogisticRegression.linkinv(eta, exp: ex)
                    terms[i] = LogisticRegression.devianceTerm(y: y[i], mu: mu[i], weight: weight(i))
                    if allRows { workingRow(i, eta: eta, at: i, exp: ex) }
                }
            }
        }
        return allRows
    }

    /// Residual deviance at the current mu: the terms of ``LogisticRegression/deviance(y:mu:weights:)``
    /// per row, summed in row order.
    func deviance() -> Double {
        chunks(n) { [self] r in
            for i in r { terms[i] = LogisticRegression.devianceTerm(y: y[i], mu: mu[i], weight: weight(i)) }
        }
        return sumTerms()
    }

    /// The deviance terms summed in row order.
    func sumTerms() -> Double {
        var s = 0.0
        for i in 0..<n { s += terms[i] }
        return s
    }
}
