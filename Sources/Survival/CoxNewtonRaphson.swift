import Foundation

/// The Newton–Raphson maximization of the Cox partial likelihood, as survival 3.5-3's C
/// routines do it: `coxfit6.c` for right-censored data and `agfit4.c` for counting-process
/// `(start, stop]` data.
///
/// - Start at beta = 0. Covariates are centred (weighted mean; per stratum for counting data)
///   and scaled by `sum(w) / sum(w |x - mean|)`, except columns whose values all lie in
///   {-1, 0, 1} (`coxph(nocenter = c(-1, 0, 1))`), which are left alone. Coefficients, score
///   and variance are mapped back to the original scale at the end.
/// - The first evaluation gives loglik(0), the score vector u(0) and the information I(0);
///   the score test is `u' I^- u` from the generalized Cholesky solve (`CoxCholesky`).
/// - Each iteration evaluates the new beta; it has converged when
///   `|1 - loglik_old / loglik_new| <= eps` (and, for counting-process data, the previous step
///   was not a halving step). A lower or non-finite loglik triggers step halving
///   `new = (new + h * old) / (h + 1)`, h = 1, 2, ...
/// - Running out of iterations (`iter.max`, default 20) is flagged. Right-censored data then
///   returns beta at the last accepted step with R 3.5-3's variance, which inverts the
///   unfactored information matrix (only its diagonal survives: `1 / diag(I)`); counting data
///   returns the last accepted beta and the inverse information there.
struct CoxNewtonRaphson {
    /// The design the fit runs on.
    let design: CoxDesign
    /// Centred and scaled covariates, row-major: per sorted row, or per pattern when
    /// `patternCode` is set.
    let z: [Double]
    /// The covariate pattern of each sorted row (`CoxPatterns`), when the fit runs on patterns:
    /// right-censored data whose columns take few whole-number values.
    let patternCode: [CoxPatterns.Code]?
    /// Multipliers applied to each column (`z = (x - centre) * scale`).
    let scale: [Double]
    /// Column means R reports (`fit$means`): weighted means for right-censored data, plain
    /// column means for counting data, 0 for columns left uncentred.
    let means: [Double]
    /// Tie handling.
    let ties: CoxModel.Ties
    /// Polled at each iteration; true ends the iterations early (the caller discards the fit).
    var isCancelled: (@Sendable () -> Bool)? = nil
    /// Counting data: rows in the order they enter risk sets (stratum, stop descending),
    /// leaving out rows whose interval holds no event time of their stratum.
    let addOrder: [Int]
    /// Counting data: rows in the order they leave risk sets (stratum, start descending).
    let removeOrder: [Int]
    /// Counting data: the dense stratum of each sorted row (empty for right-censored data,
    /// whose sweep walks `design.strataRanges`).
    let stratum: [Int32]
    /// Threads for the element-wise parts of an evaluation (the risk scores) and of `init`
    /// (gathering and scaling the covariates); the running sums stay in one thread and one
    /// order, so results do not depend on it.
    var threads = 1
    /// Right-censored data: one risk score per row, reused by every evaluation.
    let scratch: Scratch

    /// Buffers an evaluation reuses across iterations instead of allocating per call.
    final class Scratch {
        /// `exp(z_i' beta) w_i` per sorted row (right-censored data), else empty.
        let risk: UnsafeMutablePointer<Double>

        init(count: Int) {
            risk = .allocate(capacity: max(1, count))
        }

        deinit { risk.deallocate() }
    }

    /// The outcome of the iterations, on the original covariate scale.
    struct Result {
        var beta: [Double]
        var u: [Double]
        /// Inverse information (full p x p, row-major), zero rows/columns where redundant.
        var variance: [Double]
        var loglikInitial: Double
        var loglikFinal: Double
        var scoreTest: Double
        var iterations: Int
        /// `coxfit6` flag (rank, or 1000 when out of iterations) / `agfit4` rank.
        var rank: Int
        var ranOutOfIterations: Bool
    }

    /// Prepares the iterations on `design`; `patterns` (of the same design) are used for
    /// right-censored data, else the covariates are gathered.
    init(design: CoxDesign, ties: CoxModel.Ties, threads: Int = 1, patterns: CoxPatterns? = nil) {
        self.design = design
        self.ties = ties
        self.threads = threads
        let n = design.n, p = design.p
        let patterns = design.isCounting ? nil : patterns
        var z = patterns?.values ?? design.gatheredX(threads: threads)
        var scale = [Double](repeating: 1, count: p)
        var means = [Double](repeating: 0, count: p)
        var addOrder: [Int] = []
        var removeOrder: [Int] = []
        if design.isCounting {
            // Rows whose (start, stop] holds no event time of their stratum never enter a
            // risk set at an event (R: `ignore <- indx1 == indx2`).
            var used = [Bool](repeating: false, count: n)
            for r in design.strataRanges {
                var dtimes: [Double] = []
                for i in r where design.event[i] { if dtimes.last != design.stop[i] { dtimes.append(design.stop[i]) } }
                for i in r {
                    // is there an event time t with start < t <= stop?
                    let k = CoxNewtonRaphson.countAtMost(dtimes, design.stop[i])
                    let k0 = CoxNewtonRaphson.countAtMost(dtimes, design.start[i])
                    used[i] = k > k0
                }
            }
            for r in design.strataRanges {
                var i = r.upperBound - 1
                while i >= r.lowerBound { if used[i] { addOrder.append(i) }; i -= 1 }
                var rows = r.filter { used[$0] }
                rows.sort { design.start[$0] > design.start[$1] || (design.start[$0] == design.start[$1] && $0 > $1) }
                removeOrder.append(contentsOf: rows)
            }
        }
        // Column by column through pointers (one column's passes read and write only that
        // column); the sums run over the rows in order, as the C code's.
        z.withUnsafeMutableBufferPointer { zb in
        design.weight.withPointer { w in
            guard let zp = zb.baseAddress else { return }
            if let patterns {
                (means, scale) = patterns.code.withUnsafeBufferPointer { code in
                    p <= 4
                        ? CoxNewtonRaphson.centreAndScale4(zp, rows: patterns.count, rowOf: { Int(code[$0]) },
                                                           perRow: false, w, n: n, p: p, threads: threads)
                        : CoxNewtonRaphson.centreAndScale(zp, rows: patterns.count, rowOf: { Int(code[$0]) },
                                                          perRow: false, w, n: n, p: p)
                }
                return
            }
            if !design.isCounting {
                (means, scale) = p <= 4
                    ? CoxNewtonRaphson.centreAndScale4(zp, rows: n, rowOf: { $0 }, perRow: true, w, n: n, p: p, threads: threads)
                    : CoxNewtonRaphson.centreAndScale(zp, rows: n, rowOf: { $0 }, perRow: true, w, n: n, p: p)
                return
            }
            // Counting-process data: the mean over all rows is reported, and each stratum is
            // centred on its own weighted mean.
            for j in 0..<p {
                var zeroOne = true
                for i in 0..<n { let v = zp[i * p + j]; if v != 0 && v != 1 && v != -1 { zeroOne = false; break } }
                if zeroOne { continue }
                var total = 0.0
                for i in 0..<n { total += zp[i * p + j] }
                means[j] = n > 0 ? total / Double(n) : 0
                for r in design.strataRanges {
                    var sw = 0.0, sx = 0.0
                    for i in r { sw += w[i]; sx += w[i] * zp[i * p + j] }
                    let m = sw > 0 ? sx / sw : 0
                    for i in r { zp[i * p + j] -= m }
                }
                var sw = 0.0, sa = 0.0
                for i in 0..<n { sw += w[i]; sa += w[i] * abs(zp[i * p + j]) }
                let s = sa > 0 ? sw / sa : 1
                scale[j] = s
                for i in 0..<n { zp[i * p + j] *= s }
            }
        }}
        self.z = z
        self.patternCode = patterns?.code
        self.scale = scale
        self.means = means
        self.addOrder = addOrder
        self.removeOrder = removeOrder
        var stratum: [Int32] = []
        if design.isCounting {
            stratum = [Int32](repeating: 0, count: n)
            for (k, r) in design.strataRanges.enumerated() { for i in r { stratum[i] = Int32(truncatingIfNeeded: k) } }
        }
        self.stratum = stratum
        // (unweighted patterns read each row's risk score from the pattern's)
        self.scratch = Scratch(count: design.isCounting || (patterns != nil && !design.hasWeights && p <= 4) ? 0 : n)
    }

    /// The centring and scaling of `init` for right-censored data, any number of columns, column
    /// by column: each sum runs over the sorted rows in their order, reading sorted row i's
    /// values from row `rowOf(i)` of `z` (itself when `perRow`, else its pattern's), and the
    /// `rows` rows of `z` are centred and scaled in place. A column whose values (of the rows
    /// that occur) are all in {-1, 0, 1} is left alone.
    private static func centreAndScale(_ z: UnsafeMutablePointer<Double>, rows: Int, rowOf: (Int) -> Int,
                                       perRow: Bool, _ w: WeightPointer,
                                       n: Int, p: Int) -> (means: [Double], scale: [Double]) {
        var means = [Double](repeating: 0, count: p)
        var scale = [Double](repeating: 1, count: p)
        var occurs: [Bool] = []
        if !perRow {
            occurs = [Bool](repeating: false, count: rows)
            for i in 0..<n { occurs[rowOf(i)] = true }
        }
        for j in 0..<p {
            var zeroOne = true
            for t in 0..<rows where perRow || occurs[t] {
                let v = z[t * p + j]
                if v != 0 && v != 1 && v != -1 { zeroOne = false; break }
            }
            if zeroOne { continue }
            var sw = 0.0, sx = 0.0
            for i in 0..<n { sw += w[i]; sx += w[i] * z[rowOf(i) * p + j] }
            let m = sw > 0 ? sx / sw : 0
            means[j] = m
            for t in 0..<rows { z[t * p + j] -= m }
            var sw2 = 0.0, sa = 0.0
            for i in 0..<n { sw2 += w[i]; sa += w[i] * abs(z[rowOf(i) * p + j]) }
            let s = sa > 0 ? sw2 / sa : 1
            scale[j] = s
            for t in 0..<rows { z[t * p + j] *= s }
        }
        return (means, scale)
    }

    /// The centring and scaling of `init` for right-censored data with up to four columns, all
    /// columns in one pass over the rows: lane j of each SIMD sum is column j's running sum,
    /// which sees the same additions in the same order as a pass of its own. A column left
    /// alone (values in {-1, 0, 1}) gets mean 0 and scale 1, and `x - 0` and `x * 1` are x.
    ///
    /// `z` has `rows` rows, and sorted row i is row `rowOf(i)` of it: the identity for one row
    /// each (`perRow`, centred as the sums pass), or a pattern's row (the table centred first,
    /// then read back for the sums: each value the same).
    private static func centreAndScale4(_ z: UnsafeMutablePointer<Double>, rows: Int, rowOf: (Int) -> Int,
                                        perRow: Bool, _ w: WeightPointer,
                                        n: Int, p: Int, threads: Int) -> (means: [Double], scale: [Double]) {
        typealias V = SIMD4<Double>
        @inline(__always) func load(_ i: Int) -> V { V.row(UnsafePointer(z + i * p), p: p) }
        @inline(__always) func store(_ i: Int, _ v: V) {
            let r = z + i * p
            for j in 0..<p { r[j] = v[j] }
        }
        var zeroOne = [Bool](repeating: true, count: p)
        @inline(__always) func decide(_ t: Int) {
            for j in 0..<p where zeroOne[j] {
                let v = z[t * p + j]
                if v != 0 && v != 1 && v != -1 { zeroOne[j] = false }
            }
        }
        var means = [Double](repeating: 0, count: p)
        var scale = [Double](repeating: 1, count: p)
        var sw = 0.0
        var sx = V()
        if perRow {
            var i = 0
            while i < n && zeroOne.contains(true) { decide(i); i += 1 }
            if zeroOne.allSatisfy({ $0 }) { return (means, scale) }
            for i in 0..<n { sw += w[i]; sx += w[i] * load(i) }
        } else {
            // The patterns that occur, noted in the pass of the sums (which a column left alone
            // does not use), decide the columns left alone.
            var seen = [Bool](repeating: false, count: rows)
            for i in 0..<n {
                let t = rowOf(i)
                seen[t] = true
                sw += w[i]
                sx += w[i] * load(t)
            }
            for t in 0..<rows where seen[t] { decide(t) }
            if zeroOne.allSatisfy({ $0 }) { return (means, scale) }
        }
        var m = V()
        for j in 0..<p where !zeroOne[j] { m[j] = sw > 0 ? sx[j] / sw : 0; means[j] = m[j] }
        var sa = V()
        if perRow {
            for i in 0..<n {
                let c = load(i) - m
                store(i, c)
                sa += w[i] * V(abs(c[0]), abs(c[1]), abs(c[2]), abs(c[3]))
            }
        } else {
            for t in 0..<rows { store(t, load(t) - m) }
            for i in 0..<n {
                let c = load(rowOf(i))
                sa += w[i] * V(abs(c[0]), abs(c[1]), abs(c[2]), abs(c[3]))
            }
        }
        var s = V(repeating: 1)
        for j in 0..<p where !zeroOne[j] { s[j] = sa[j] > 0 ? sw / sa[j] : 1; scale[j] = s[j] }
        ParallelChunks.forEach(count: rows, threads: threads) { part in
            for t in part { store(t, load(t) * s) }
        }
        return (means, scale)
    }

    /// Number of entries of the ascending array `a` that are <= `v`.
    static func countAtMost(_ a: [Double], _ v: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let mid = (lo + hi) / 2; if a[mid] <= v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// One evaluation at scaled `beta`: returns the loglik and fills `u` and `imat`
    /// (entries `imat[j * p + i]`, `j <= i`, the rest zero).
    func evaluate(_ beta: [Double], u: inout [Double], imat: inout [Double]) -> Double {
        design.isCounting ? accumulateCounting(beta, u: &u, imat: &imat) : accumulateRight(beta, u: &u, imat: &imat)
    }

    /// Runs the iterations.
    func run(maxIterations: Int, eps: Double, tolerChol: Double) -> Result {
        design.isCounting
            ? runAgfit4(maxIterations: maxIterations, eps: eps, tolerChol: tolerChol)
            : runCoxfit6(maxIterations: maxIterations, eps: eps, tolerChol: tolerChol)
    }

    private func unscale(beta: [Double], u: [Double], imat: [Double]) -> ([Double], [Double], [Double]) {
        let p = design.p
        var b = beta, uu = u
        var v = CoxCholesky.symmetricFromUpper(imat, n: p)
        for i in 0..<p {
            b[i] *= scale[i]
            uu[i] /= scale[i]
            for j in 0..<p { v[i * p + j] *= scale[i] * scale[j] }
        }
        return (b, uu, v)
    }

    private static func allFinite(_ a: [Double]) -> Bool { a.allSatisfy(\.isFinite) }

    /// `coxfit6` semantics.
    private func runCoxfit6(maxIterations: Int, eps: Double, tolerChol: Double) -> Result {
        let p = design.p
        var u = [Double](repeating: 0, count: p)
        var imat = [Double](repeating: 0, count: p * p)
        var beta = [Double](repeating: 0, count: p)
        var iter = 0
        let loglik0 = evaluate(beta, u: &u, imat: &imat)
        var loglik1 = loglik0
        var a = u
        var flag = CoxCholesky.factor(&imat, n: p, toler: tolerChol)
        CoxCholesky.solve(imat, n: p, &a)
        var sctest = 0.0
        for i in 0..<p { sctest += u[i] * a[i] }

        func finish(_ beta: [Double], _ u: [Double], _ imat: [Double], ranOut: Bool) -> Result {
            let (b, uu, v) = unscale(beta: beta, u: u, imat: imat)
            return Result(beta: b, u: uu, variance: v, loglikInitial: loglik0, loglikFinal: loglik1,
                          scoreTest: sctest, iterations: iter, rank: ranOut ? 1000 : flag, ranOutOfIterations: ranOut)
        }

        if maxIterations == 0 || !loglik0.isFinite {
            CoxCholesky.invert(&imat, n: p)
            return finish(beta, u, imat, ranOut: false)
        }
        var newbeta = (0..<p).map { beta[$0] + a[$0] }
        var halving = 0.0
        iter = 1
        while iter <= maxIterations {
            if isCancelled?() == true { return finish(beta, u, imat, ranOut: true) }
            let newlk = evaluate(newbeta, u: &u, imat: &imat)
            flag = CoxCholesky.factor(&imat, n: p, toler: tolerChol)
            let notFinite = !CoxNewtonRaphson.allFinite(u) || !CoxNewtonRaphson.allFinite(imat) || !newlk.isFinite
            if !notFinite && abs(1 - loglik1 / newlk) <= eps {
                loglik1 = newlk
                CoxCholesky.invert(&imat, n: p)
                if halving > 0 { flag = -2 }
                return finish(newbeta, u, imat, ranOut: false)
            }
            if notFinite || newlk < loglik1 {
                halving += 1
                for i in 0..<p { newbeta[i] = (newbeta[i] + halving * beta[i]) / (halving + 1) }
            } else {
                halving = 0
                loglik1 = newlk
                var step = u
                CoxCholesky.solve(imat, n: p, &step)
                for i in 0..<p {
                    beta[i] = newbeta[i]
                    newbeta[i] += step[i]
                }
            }
            iter += 1
        }
        // Out of iterations: as coxfit6, recompute at the last good beta and invert the
        // (unfactored) information matrix.
        if maxIterations > 1 { loglik1 = evaluate(beta, u: &u, imat: &imat) }
        CoxCholesky.invert(&imat, n: p)
        return finish(beta, u, imat, ranOut: true)
    }

    /// `agfit4` semantics.
    private func runAgfit4(maxIterations: Int, eps: Double, tolerChol: Double) -> Result {
        let p = design.p
        var u = [Double](repeating: 0, count: p)
        var imat = [Double](repeating: 0, count: p * p)
        var beta = [Double](repeating: 0, count: p)
        var oldbeta = beta
        var loglik0 = 0.0, loglik1 = 0.0, newlk = 0.0
        var rank = 0
        var sctest = 0.0
        var halving = 0.0
        var ranOut = false
        var iter = 0
        while iter <= maxIterations {
            if iter > 0, isCancelled?() == true { break }
            newlk = evaluate(beta, u: &u, imat: &imat)
            if iter == 0 {
                loglik0 = newlk
                loglik1 = newlk
                var a = u
                rank = CoxCholesky.factor(&imat, n: p, toler: tolerChol)
                CoxCholesky.solve(imat, n: p, &a)
                sctest = 0
                for i in 0..<p { sctest += u[i] * a[i] }
                if maxIterations == 0 { break }
                if !newlk.isFinite { break }
                for i in 0..<p {
                    oldbeta[i] = beta[i]
                    beta[i] += a[i]
                }
            } else {
                var fail = 0
                for i in 0..<p where !imat[i * p + i].isFinite { fail += 1 }
                let rank2 = CoxCholesky.factor(&imat, n: p, toler: tolerChol)
                fail += (newlk.isFinite ? 0 : 1) + abs(rank - rank2)
                if fail == 0 && halving == 0 && abs(1 - loglik1 / newlk) <= eps { break }
                if iter == maxIterations {
                    ranOut = true
                    if maxIterations > 1 && (newlk - loglik1) / abs(loglik1) < -eps {
                        beta = oldbeta
                        newlk = evaluate(beta, u: &u, imat: &imat)
                        _ = CoxCholesky.factor(&imat, n: p, toler: tolerChol)
                    }
                    break
                }
                if fail > 0 || newlk < loglik1 {
                    halving += 1
                    for i in 0..<p { beta[i] = (oldbeta[i] * halving + beta[i]) / (halving + 1) }
                } else {
                    halving = 0
                    loglik1 = newlk
                    CoxCholesky.solve(imat, n: p, &u)
                    for i in 0..<p {
                        oldbeta[i] = beta[i]
                        beta[i] += u[i]
                    }
                }
            }
            iter += 1
        }
        loglik1 = newlk
        CoxCholesky.invert(&imat, n: p)
        let (b, uu, v) = unscale(beta: beta, u: u, imat: imat)
        return Result(beta: b, u: uu, variance: v, loglikInitial: loglik0, loglikFinal: loglik1,
                      scoreTest: sctest, iterations: min(iter, maxIterations), rank: rank, ranOutOfIterations: ranOut)
    }
}

extension SIMD4 where Scalar == Double {
    /// The first `p` (at most 4) values of a row-major row in lanes 0..<p, the other lanes 0:
    /// how the four-column Cox loops (`centreAndScale4`, `sweepRight4`) read one row.
    @inline(__always)
    static func row(_ r: UnsafePointer<Double>, p: Int) -> SIMD4<Double> {
        switch p {
        case 4: return SIMD4(r[0], r[1], r[2], r[3])
        case 3: return SIMD4(r[0], r[1], r[2], 0)
        case 2: return SIMD4(r[0], r[1], 0, 0)
        case 1: return SIMD4(r[0], 0, 0, 0)
        default: return SIMD4()
        }
    }
}
