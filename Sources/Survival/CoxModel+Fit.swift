import Foundation

extension CoxModel {
    /// Fits a Cox model (see `CoxModel` for the definition and edge behaviour).
    ///
    /// - Parameters:
    ///   - time: event or censoring time; the stop time for counting-process data. Apply time
    ///     fixing (`aeqSurv`) beforehand. Taken over by the fit, which keeps a sorted copy and
    ///     releases this one before iterating (a caller that passes its last reference frees it;
    ///     so with `strata`).
    ///   - event: true for an event (death), false for censored.
    ///   - entry: optional entry (start) times: `Surv(entry, time, event)`, at risk at t iff
    ///     `entry < t <= time`.
    ///   - covariates: the design-matrix columns (factors as indicator columns sharing a term).
    ///   - strata: optional stratum codes (`strata(s)`): separate baselines, risk sets and
    ///     ties within each, taken in ascending order of the codes.
    ///   - weights: optional case weights (> 0; zero-weight rows are dropped).
    ///   - cluster: optional cluster codes for the robust variance (`cluster = ...`); any 32-bit
    ///     labels, equal for the rows of one cluster.
    ///   - options: ties, robust, confidence level and convergence control.
    /// - Throws: `InputError` for mismatched lengths, more rows than 32-bit row indices hold,
    ///   negative or infinite weights, infinite covariates or times, or robust counting-process
    ///   data without clusters.
    public static func fit(
        time: consuming [Double],
        event: [Bool],
        entry: [Double]? = nil,
        covariates: [Covariate],
        strata: consuming [Int32]? = nil,
        weights: [Double]? = nil,
        cluster: [Int32]? = nil,
        options: Options = Options()
    ) throws(InputError) -> CoxModel {
        let count = time.count
        guard count <= Int(Int32.max) else { throw .tooManyRows(count) }
        func check(_ what: String, _ c: Int?) throws(InputError) {
            if let c, c != count { throw .lengthMismatch(what: what, expected: count, actual: c) }
        }
        try check("event", event.count)
        try check("entry", entry?.count)
        try check("strata", strata?.count)
        try check("weights", weights?.count)
        try check("cluster", cluster?.count)
        for c in covariates { try check(c.name, c.column.count) }
        guard options.confidenceLevel > 0, options.confidenceLevel < 1 else { throw .invalidConfidenceLevel }
        if let weights, weights.contains(where: { $0 < 0 || $0.isInfinite }) { throw .invalidWeights }
        for c in covariates where c.column.containsInfinite { throw .infinitePredictor(name: c.name) }
        if time.contains(where: \.isInfinite) { throw .infiniteTime }
        if let entry, entry.contains(where: \.isInfinite) { throw .infiniteTime }

        // The rows used, as 32-bit positions collected only from the first row left out (while
        // every row is usable there is nothing to store; nil at the end means all of them).
        let withMissing = covariates.map(\.column).filter(\.containsNaN)   // usually none
        var used: [Int32] = []
        var omitted: [Int] = []
        var allSoFar = true
        for i in 0..<count {
            var ok = !time[i].isNaN
            if ok, let entry { ok = !entry[i].isNaN && entry[i] < time[i] }
            if ok, let weights { ok = !weights[i].isNaN && weights[i] > 0 }
            if ok { for c in withMissing where c[i].isNaN { ok = false; break } }
            if ok {
                if !allSoFar { used.append(Int32(i)) }
            } else {
                if allSoFar {
                    allSoFar = false
                    used.reserveCapacity(count - 1)
                    for j in 0..<i { used.append(Int32(j)) }
                }
                omitted.append(i)
            }
        }
        let usedRows: [Int32]? = allSoFar ? nil : used
        used = []
        let hasCluster = cluster != nil
        let nonIntegerWeights = weights.map { w in
            usedRows.map { u in u.contains { w[Int($0)] != w[Int($0)].rounded(.down) } }
                ?? w.contains { $0 != $0.rounded(.down) }
        } ?? false
        let robust = options.robust ?? (hasCluster || nonIntegerWeights)
        if robust && entry != nil && cluster == nil && options.robust == true { throw .clusterRequired }

        // (The design takes `time` and `strata` over: they are released once sorted.)
        let design = CoxDesign(rows: usedRows, count: count, time: time, event: event, entry: entry,
                               covariates: covariates.map(\.column), strata: strata,
                               weights: weights, cluster: cluster)
        if options.isCancelled?() == true { throw .cancelled }
        let model = CoxModel(design: design, usedInputRows: usedRows, covariates: covariates, omitted: omitted, robust: robust,
                             clusterGiven: hasCluster, options: options)
        if options.isCancelled?() == true { throw .cancelled }
        return model
    }

    /// Runs the fit on a prepared design.
    init(design: CoxDesign, usedInputRows: [Int32]?, covariates: [Covariate], omitted: [Int], robust: Bool,
         clusterGiven: Bool, options: Options) {
        let p = design.p
        let n = design.n
        var warnings: [Warning] = []
        if !omitted.isEmpty { warnings.append(.rowsOmitted(count: omitted.count)) }
        if clusterGiven && !robust { warnings.append(.clusterIgnored) }
        let names = covariates.map(\.name)
        let terms = covariates.map(\.term)
        let nevent = design.event.reduce(0) { $0 + ($1 ? 1 : 0) }

        self.ties = options.ties
        self.n = n
        self.eventCount = nevent
        self.omittedRows = omitted
        self.isCountingProcess = design.isCounting
        self.design = design
        self.columnNames = names
        self.columnTerms = terms
        self.usedInputRows = usedInputRows

        func emptyCoefficients() -> [Coefficient] {
            (0..<p).map { Coefficient(name: names[$0], term: terms[$0], estimate: nil, hazardRatio: nil,
                                      standardError: nil, naiveStandardError: nil, z: nil, p: nil,
                                      lower: nil, upper: nil, isRedundant: true) }
        }
        let zeroMatrix = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)

        if nevent == 0 {
            // R: coefficients NA, loglik c(0, 0), no tests.
            warnings.insert(.noEvents, at: 0)
            var colMeans = [Double](repeating: 0, count: p)
            let x = design.gatheredX()
            if n > 0 { for i in 0..<n { for j in 0..<p { colMeans[j] += x[i * p + j] } }
                       for j in 0..<p { colMeans[j] /= Double(n) } }
            self.coefficients = emptyCoefficients()
            self.variance = zeroMatrix
            self.naiveVariance = zeroMatrix
            self.isRobust = false
            self.clusterCount = nil
            self.logLikelihoodNull = 0
            self.logLikelihood = 0
            self.iterations = 0
            self.converged = true
            self.likelihoodRatioTest = nil
            self.waldTest = nil
            self.scoreTest = nil
            self.robustScoreTest = nil
            self.concordance = nil
            self.rSquared = nil
            self.maxRSquared = nil
            self.warnings = warnings
            self.means = colMeans
            self.rawBeta = [Double](repeating: 0, count: p)
            self.redundant = [Bool](repeating: true, count: p)
            return
        }

        let threads = max(1, options.threads)
        let maxIter = max(0, options.maxIterations)
        // The scaled covariates of the iterations, and the covariate patterns (right-censored
        // data whose columns take few whole-number values), are released before the
        // concordance.
        var patterns = design.isCounting ? nil : CoxPatterns(design: design, maxCount: n, threads: threads)
        let (fit, means): (CoxNewtonRaphson.Result, [Double]) = {
            var nr = CoxNewtonRaphson(design: design, ties: options.ties, threads: threads, patterns: patterns)
            nr.isCancelled = options.isCancelled
            return (nr.run(maxIterations: maxIter, eps: options.epsilon, tolerChol: options.cholTolerance), nr.means)
        }()
        let tolInf = options.infiniteTolerance ?? options.epsilon.squareRoot()
        let beta = fit.beta
        let naive = fit.variance

        // linear predictor, as R: x %*% coef - sum(coef * means); handed to the concordance,
        // which frees it (the model computes it again when asked)
        let lpSorted = patterns.map { CoxModel.sortedLinearPredictor(patterns: $0, beta: beta, means: means) }
            ?? CoxModel.sortedLinearPredictor(design: design, usedInputRows: usedInputRows, beta: beta,
                                              means: means, threads: threads)
        patterns = nil

        var redundant = [Bool](repeating: false, count: p)
        // R: diag(var) == 0 when the rank is deficient. A zero diagonal can otherwise only
        // come from running out of iterations on an all-zero information matrix (one patient),
        // where R reports a meaningless 0 with se 0; flag it redundant as well.
        for j in 0..<p where naive[j * p + j] == 0 { redundant[j] = true }
        let finiteResult = beta.allSatisfy(\.isFinite) && naive.allSatisfy(\.isFinite)
        if p > 0 && maxIter > 1 {
            if design.isCounting && !finiteResult { warnings.append(.numericOverflow) }
            if fit.ranOutOfIterations {
                warnings.append(.didNotConverge)
                if !design.isCounting {
                    var infsFinite = true
                    for j in 0..<p {
                        var s = 0.0
                        for i in 0..<p { s += fit.u[i] * naive[i * p + j] }
                        if !s.isFinite { infsFinite = false }
                    }
                    if (lpSorted.max() ?? 0) > 500 || !infsFinite { warnings.append(.someCoefficientsMayBeInfinite) }
                }
            } else {
                var flagged: [Int] = []
                for j in 0..<p {
                    var s = 0.0
                    for i in 0..<p { s += fit.u[i] * naive[i * p + j] }
                    let infs = abs(s)
                    let bad: Bool
                    if design.isCounting {
                        bad = !fit.u[j].isFinite || infs > tolInf * (1 + abs(beta[j]))
                    } else {
                        bad = !fit.u[j].isFinite || (infs > options.epsilon && infs > tolInf * abs(beta[j]))
                    }
                    if bad { flagged.append(j + 1) }
                }
                if !flagged.isEmpty { warnings.append(.possiblyInfinite(columns: flagged, countingProcess: design.isCounting)) }
            }
        }
        if maxIter == 0 { redundant = [Bool](repeating: false, count: p) }
        let redundantCols = (0..<p).filter { redundant[$0] }.map { $0 + 1 }
        if !redundantCols.isEmpty { warnings.append(.singular(columns: redundantCols)) }
        let estimable = (0..<p).filter { !redundant[$0] }

        // robust variance
        var variance = naive
        var robustScore: Test? = nil
        var clusterCount: Int? = nil
        let isRobust = robust && !estimable.isEmpty && finiteResult
        if isRobust {
            let groups = design.cluster
            let groupCount = design.cluster == nil ? n : design.clusterCount
            clusterCount = groupCount
            let d = CoxScoreResiduals.collapsed(design: design, eta: lpSorted, ties: options.ties,
                                                transform: naive, group: groups, groupCount: groupCount)
            var v = [Double](repeating: 0, count: p * p)
            for g in 0..<groupCount {
                for i in 0..<p {
                    let di = d[g * p + i]
                    if di == 0 { continue }
                    for j in 0..<p { v[i * p + j] += di * d[g * p + j] }
                }
            }
            variance = v
            let d0 = CoxScoreResiduals.collapsed(design: design, eta: nil,
                                                 ties: options.ties, transform: nil, group: groups,
                                                 groupCount: groupCount)
            var u0 = [Double](repeating: 0, count: p)
            var m0 = [Double](repeating: 0, count: p * p)
            for g in 0..<groupCount {
                for i in 0..<p {
                    let di = d0[g * p + i]
                    u0[i] += di
                    if di == 0 { continue }
                    for j in 0..<p { m0[i * p + j] += di * d0[g * p + j] }
                }
            }
            if let t = CoxCholesky.waldTest(variance: m0, b: u0, toler: options.cholTolerance), t.statistic.isFinite {
                robustScore = Test(statistic: t.statistic, df: estimable.count,
                                   p: ChiSquared.sf(t.statistic, df: Double(estimable.count)))
            }
        }

        // coefficient table
        let q = Normal.quantile((1 + options.confidenceLevel) / 2)
        var table: [Coefficient] = []
        for j in 0..<p {
            if redundant[j] || !beta[j].isFinite {
                table.append(Coefficient(name: names[j], term: terms[j], estimate: nil, hazardRatio: nil,
                                         standardError: nil, naiveStandardError: nil, z: nil, p: nil,
                                         lower: nil, upper: nil, isRedundant: redundant[j]))
                continue
            }
            let b = beta[j]
            let vjj = variance[j * p + j]
            let se: Double? = vjj >= 0 && vjj.isFinite ? vjj.squareRoot() : nil
            let nvjj = naive[j * p + j]
            let nse: Double? = nvjj >= 0 && nvjj.isFinite ? nvjj.squareRoot() : nil
            var z: Double? = nil, pv: Double? = nil, lo: Double? = nil, hi: Double? = nil
            if let se, se > 0 {
                z = b / se
                pv = ChiSquared.sf((b / se) * (b / se), df: 1)
                lo = exp(b - q * se)
                hi = exp(b + q * se)
            }
            table.append(Coefficient(name: names[j], term: terms[j], estimate: b, hazardRatio: exp(b),
                                     standardError: se, naiveStandardError: nse, z: z, p: pv,
                                     lower: lo, upper: hi, isRedundant: false))
        }

        // global tests
        let df = estimable.count
        func test(_ stat: Double) -> Test? {
            guard stat.isFinite, df > 0 else { return nil }
            return Test(statistic: stat, df: df, p: ChiSquared.sf(stat, df: Double(df)))
        }
        let lr = test(2 * (fit.loglikFinal - fit.loglikInitial))
        var wald: Test? = nil
        if df > 0 {
            var sub = [Double](repeating: 0, count: df * df)
            for (a, i) in estimable.enumerated() { for (b, j) in estimable.enumerated() { sub[a * df + b] = variance[i * p + j] } }
            if let t = CoxCholesky.waldTest(variance: sub, b: estimable.map { beta[$0] }, toler: options.cholTolerance) {
                wald = test(t.statistic)
            }
        }
        let score = test(fit.scoreTest)

        // concordance on the linear predictor (cluster as R passes it: given clusters, or
        // each row its own when robust, which gives the same variance as none)
        let conc = options.isCancelled?() == true ? nil : CoxConcordance.compute(stop: design.stop, start: design.isCounting ? design.start : nil,
                                          event: design.event, x: consume lpSorted, weight: design.weight.values,
                                          strataRanges: design.strataRanges, cluster: design.cluster,
                                          clusterCount: design.clusterCount, reverse: true, threads: threads)

        func rows(_ m: [Double]) -> [[Double]] { (0..<p).map { i in Array(m[(i * p)..<(i * p + p)]) } }
        self.coefficients = table
        self.variance = rows(variance)
        self.naiveVariance = rows(naive)
        self.isRobust = isRobust
        self.clusterCount = clusterCount
        self.logLikelihoodNull = fit.loglikInitial
        self.logLikelihood = fit.loglikFinal
        self.iterations = fit.iterations
        self.converged = !fit.ranOutOfIterations
        self.likelihoodRatioTest = lr
        self.waldTest = wald
        self.scoreTest = score
        self.robustScoreTest = robustScore
        self.concordance = conc
        if let lr, n > 0 {
            self.rSquared = 1 - exp(-lr.statistic / Double(n))
            self.maxRSquared = 1 - exp(2 * fit.loglikInitial / Double(n))
        } else {
            self.rSquared = nil
            self.maxRSquared = nil
        }
        self.warnings = warnings
        self.means = means
        self.rawBeta = beta
        self.redundant = redundant
    }
}

extension CoxModel {
    /// The linear predictor `x' beta - sum(beta * means)` (R's) in the design's sorted order.
    /// Computed in input order, column by column (the caller's columns read in sequence), each
    /// row's running sum `0 + x0 b0 + x1 b1 + ...` held in place: the same sum as row by row.
    /// Then placed in sorted order, directly through inputRow when every row was used, else
    /// through an inverse table of the used rows (ascending and distinct). The same values
    /// whatever `threads`.
    static func sortedLinearPredictor(design: CoxDesign, usedInputRows: [Int32]?, beta: [Double], means: [Double],
                                      threads: Int) -> [Double] {
        let n = design.n, p = design.p
        var centre = 0.0
        for j in 0..<p { centre += beta[j] * means[j] }
        var lpInput = [Double](repeating: 0, count: n)
        let used = usedInputRows
        lpInput.withUnsafeMutableBufferPointer { out in
            for j in 0..<p {
                let b = beta[j]
                let col = design.columns[j]
                ParallelChunks.forEach(count: n, threads: threads) { chunk in
                    if let used {
                        col.gather(chunk, at: { Int(used[$0]) }) { k, x in out[k] += x * b }
                    } else {
                        col.gather(chunk, at: { $0 }) { k, x in out[k] += x * b }
                    }
                }
            }
            ParallelChunks.forEach(count: n, threads: threads) { chunk in
                for k in chunk { out[k] -= centre }
            }
        }
        var lpSorted = [Double](repeating: 0, count: n)
        if let used, n > 0 {
            var slot = [Int32](repeating: 0, count: Int(used.last ?? 0) + 1)
            for (k, r) in used.enumerated() { slot[Int(r)] = Int32(truncatingIfNeeded: k) }
            for i in 0..<n { lpSorted[i] = lpInput[Int(slot[Int(design.inputRow[i])])] }
        } else {
            for i in 0..<n { lpSorted[i] = lpInput[Int(design.inputRow[i])] }
        }
        return lpSorted
    }

    /// `sortedLinearPredictor(design:...)` on covariate patterns: each pattern's value formed
    /// by the same operations as a row's (`0 + x0 b0 + x1 b1 + ...`, then `- centre`), and
    /// read by each sorted row's code.
    static func sortedLinearPredictor(patterns: CoxPatterns, beta: [Double], means: [Double]) -> [Double] {
        let p = patterns.p
        var centre = 0.0
        for j in 0..<p { centre += beta[j] * means[j] }
        var lp = [Double](repeating: 0, count: patterns.count)
        for c in 0..<patterns.count {
            var v = 0.0
            for j in 0..<p { v += patterns.values[c * p + j] * beta[j] }
            lp[c] = v - centre
        }
        return patterns.code.map { lp[Int($0)] }
    }
}
