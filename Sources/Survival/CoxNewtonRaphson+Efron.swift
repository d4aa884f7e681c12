import Foundation

/// Log partial likelihood, score and information at one beta, with Efron's or Breslow's
/// handling of tied event times.
///
/// For `d` tied deaths at a time, with `R` the weighted risk-score sum over everyone at risk
/// and `D` the sum over the deaths, Efron's term is
/// `sum_{k=1}^{d} wbar * log(R - D + (k/d) D)` with `wbar` the mean death weight (the deaths
/// enter the sums a fraction `k/d` at a time); Breslow's is `(sum of death weights) * log(R)`.
/// With one death the two agree. Risk sets: right-censored data, everyone whose time is at
/// least t; counting data, rows with `start < t <= stop`; always within stratum.
///
/// Right-censored data is swept once from the largest time down (`coxfit6_iter`); counting
/// data adds rows by descending stop and removes them by descending start (`agfit4`), so each
/// evaluation is O(n p^2) after the one-off sort.
extension CoxNewtonRaphson {
    /// Right-censored data (`coxfit6_iter`): the risk scores `exp(z'beta) w` of every row are
    /// computed first, element by element on `threads` threads (each the same whatever the
    /// split), then one sweep per stratum from the largest time down accumulates the running
    /// sums in the same order as the C code.
    ///
    /// On patterns (`patternCode`), `z' beta` and `exp(z' beta)` are formed once per pattern
    /// (the same operations as per row), and a row's risk score is its pattern's times its
    /// weight (no array of them when unweighted with up to four columns: `x * 1` is x); more
    /// columns sweep as `sweepRight` does, each row's covariates read from its pattern.
    func accumulateRight(_ beta: [Double], u uOut: inout [Double], imat imatOut: inout [Double]) -> Double {
        let n = design.n, p = design.p
        let risk = scratch.risk
        if let patternCode {
            let count = z.count / p
            var zbeta = [Double](repeating: 0, count: count)
            var score = [Double](repeating: 0, count: count)
            for c in 0..<count {
                var zb = 0.0
                for i in 0..<p { zb += beta[i] * z[c * p + i] }
                zbeta[c] = zb
                score[c] = exp(zb)
            }
            return patternCode.withUnsafeBufferPointer { code in
            z.withUnsafeBufferPointer { table in
            zbeta.withUnsafeBufferPointer { zbeta in
            score.withUnsafeBufferPointer { score in
                let code = code.baseAddress!, score = score.baseAddress!
                var weighted: UnsafePointer<Double>? = nil
                if design.hasWeights || p > 4 {
                    design.weight.withPointer { w in
                        ParallelChunks.forEach(count: n, threads: threads) { chunk in
                            for person in chunk { risk[person] = score[Int(code[person])] * w[person] }
                        }
                    }
                    weighted = UnsafePointer(risk)
                }
                if p > 4 { return sweepRight(beta, risk: risk, code: code, u: &uOut, imat: &imatOut) }
                let rows = PatternRows(code: code, table: table.baseAddress!, p: p, zbeta: zbeta.baseAddress!,
                                       score: score, weighted: weighted)
                return sweepRight4(rows, u: &uOut, imat: &imatOut)
            }}}}
        }
        z.withUnsafeBufferPointer { zb in
            design.weight.withPointer { w in
                beta.withUnsafeBufferPointer { bt in
                    let zp = zb.baseAddress!, b = bt.baseAddress!
                    ParallelChunks.forEach(count: n, threads: threads) { chunk in
                        for person in chunk {
                            let row = zp + person * p
                            var zbeta = 0.0
                            for i in 0..<p { zbeta += b[i] * row[i] }
                            risk[person] = exp(zbeta) * w[person]
                        }
                    }
                }
            }
        }
        if p <= 4 {
            var bt = [Double](repeating: 0, count: 4)
            for i in 0..<p { bt[i] = beta[i] }
            return z.withUnsafeBufferPointer { zb in
                bt.withUnsafeBufferPointer { bt in
                    let rows = DenseRows(z: zb.baseAddress ?? UnsafePointer(risk), p: p, risk: UnsafePointer(risk),
                                         beta: bt.baseAddress!)
                    return sweepRight4(rows, u: &uOut, imat: &imatOut)
                }
            }
        }
        return sweepRight(beta, risk: risk, code: nil, u: &uOut, imat: &imatOut)
    }

    /// How `sweepRight4` reads a sorted row: its covariates (lanes past p zero), its risk score
    /// and its `z' beta` (`0 + b0 z0 + b1 z1 + ...`).
    protocol SweepRows {
        func row(_ person: Int) -> SIMD4<Double>
        func risk(_ person: Int) -> Double
        func zbeta(_ person: Int) -> Double
    }

    /// One row of covariates per sorted row, the risk scores in an array.
    struct DenseRows: SweepRows {
        let z: UnsafePointer<Double>
        let p: Int
        let risk: UnsafePointer<Double>
        /// beta in four entries.
        let beta: UnsafePointer<Double>

        @inline(__always) func row(_ person: Int) -> SIMD4<Double> { .row(z + person * p, p: p) }
        @inline(__always) func risk(_ person: Int) -> Double { risk[person] }
        @inline(__always) func zbeta(_ person: Int) -> Double {
            let zr = z + person * p
            var zbeta = 0.0
            for i in 0..<p { zbeta += beta[i] * zr[i] }
            return zbeta
        }
    }

    /// Covariates, `z' beta` and `exp(z' beta)` per pattern; the risk scores in an array when
    /// weighted, else the pattern's.
    struct PatternRows: SweepRows {
        let code: UnsafePointer<CoxPatterns.Code>
        let table: UnsafePointer<Double>
        let p: Int
        let zbeta: UnsafePointer<Double>
        let score: UnsafePointer<Double>
        let weighted: UnsafePointer<Double>?

        @inline(__always) func row(_ person: Int) -> SIMD4<Double> { .row(table + Int(code[person]) * p, p: p) }
        @inline(__always) func risk(_ person: Int) -> Double { weighted?[person] ?? score[Int(code[person])] }
        @inline(__always) func zbeta(_ person: Int) -> Double { zbeta[Int(code[person])] }
    }

    /// The running sums of one stratum's risk set in `sweepRight4`: lane j of `c[i]` is
    /// `cmat[i][j]` (lanes past the diagonal or past p are computed and discarded).
    struct RiskSums4 {
        typealias V = SIMD4<Double>
        var denom = 0.0
        var a = V()
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()

        /// Adds one Efron fraction of the deaths' sums (`denom += denomStep`, `a += a2`,
        /// `cmat += cmat2`), the additions of the C code in its order.
        @inline(__always)
        mutating func advance(_ denomStep: Double, _ a2: V, _ d: RiskSums4, p: Int) {
            denom += denomStep
            a += a2
            c0 += d.c0
            if p > 1 { c1 += d.c1 }
            if p > 2 { c2 += d.c2 }
            if p > 3 { c3 += d.c3 }
        }
    }

    /// Loglik, score and information (lane j of `im[i]` is `imat[j * p + i]`) of `sweepRight4`.
    struct Totals4 {
        typealias V = SIMD4<Double>
        var loglik = 0.0
        var u = V()
        var im0 = V(), im1 = V(), im2 = V(), im3 = V()
    }

    /// Tied deaths from which one Efron time's steps are split across threads.
    static let parallelTieSteps = 2048

    /// The sweep of `accumulateRight` for up to four columns, the running sums held in SIMD
    /// registers. Every lane sees the same operations in the same order as the scalar loop of
    /// `sweepRight`, so the sums are the same bits.
    private func sweepRight4<Rows: SweepRows>(_ rows: Rows, u uOut: inout [Double], imat imatOut: inout [Double]) -> Double {
        typealias V = SIMD4<Double>
        let p = design.p
        let efron = ties == .efron
        var t = Totals4()
        design.stop.withUnsafeBufferPointer { time in
        design.event.withUnsafeBufferPointer { status in
        design.weight.withPointer { wt in
            for range in design.strataRanges.reversed() {
                var s = RiskSums4()
                var person = range.upperBound - 1
                while person >= range.lowerBound {
                    let dtime = time[person]
                    var ndead = 0
                    var deadwt = 0.0
                    var dead = RiskSums4()          // the deaths' sums: denom2, a2, cmat2
                    while person >= range.lowerBound && time[person] == dtime {
                        let row = rows.row(person)
                        let r = rows.risk(person)
                        let rx = r * row
                        if !status[person] {
                            s.denom += r
                            s.a += rx
                            s.c0 += rx[0] * row
                            if p > 1 { s.c1 += rx[1] * row }
                            if p > 2 { s.c2 += rx[2] * row }
                            if p > 3 { s.c3 += rx[3] * row }
                        } else {
                            let w = wt[person]
                            let zbeta = rows.zbeta(person)
                            ndead += 1
                            deadwt += w
                            dead.denom += r
                            t.loglik += w * zbeta
                            t.u += w * row
                            dead.a += rx
                            dead.c0 += rx[0] * row
                            if p > 1 { dead.c1 += rx[1] * row }
                            if p > 2 { dead.c2 += rx[2] * row }
                            if p > 3 { dead.c3 += rx[3] * row }
                        }
                        person -= 1
                    }
                    if ndead == 0 { continue }
                    if !efron || ndead == 1 {
                        s.denom += dead.denom
                        t.loglik -= deadwt * log(s.denom)
                        s.a += dead.a
                        s.c0 += dead.c0
                        if p > 1 { s.c1 += dead.c1 }
                        if p > 2 { s.c2 += dead.c2 }
                        if p > 3 { s.c3 += dead.c3 }
                        CoxNewtonRaphson.addInformation(s, deadwt, p: p, to: &t)
                    } else {
                        let dd = Double(ndead)
                        let wtave = deadwt / dd
                        // Each of the ndead steps adds the same fraction of the deaths' sums;
                        // computed once, it is the same value (the same division) every step.
                        let denomStep = dead.denom / dd
                        dead.a /= dd
                        dead.c0 /= dd; dead.c1 /= dd; dead.c2 /= dd; dead.c3 /= dd
                        if threads > 1 && ndead >= CoxNewtonRaphson.parallelTieSteps {
                            efronStepsInParallel(&s, &t, steps: ndead, denomStep: denomStep, dead: dead, wt: wtave, p: p)
                        } else {
                            for _ in 0..<ndead {
                                s.advance(denomStep, dead.a, dead, p: p)
                                t.loglik -= wtave * log(s.denom)
                                CoxNewtonRaphson.addInformation(s, wtave, p: p, to: &t)
                            }
                        }
                    }
                }
            }
        }}}
        let im = [t.im0, t.im1, t.im2, t.im3]
        for i in 0..<p {
            uOut[i] = t.u[i]
            for j in 0..<p { imatOut[j * p + i] = j <= i ? im[i][j] : 0 }
        }
        return t.loglik
    }

    /// One death step's score and information terms, `coxfit6`'s
    /// `u[i] -= wt a[i] / denom` and `imat[j][i] += wt (cmat[i][j] - a[i] / denom * a[j]) / denom`.
    @inline(__always)
    private static func addInformation(_ s: RiskSums4, _ wt: Double, p: Int, to t: inout Totals4) {
        let temp2 = s.a / s.denom
        t.u -= wt * temp2
        // rows 0 and 1 of the triangle need lanes 0 and 0...1 only: half the divisions
        t.im0.lowHalf += wt * (s.c0.lowHalf - temp2[0] * s.a.lowHalf) / s.denom
        if p > 1 { t.im1.lowHalf += wt * (s.c1.lowHalf - temp2[1] * s.a.lowHalf) / s.denom }
        if p > 2 { t.im2 += wt * (s.c2 - temp2[2] * s.a) / s.denom }
        if p > 3 { t.im3 += wt * (s.c3 - temp2[3] * s.a) / s.denom }
    }

    /// The `steps` Efron steps of one death time with their divisions and logs spread over
    /// `threads` threads: each thread replays the running sums (additions only) up to its share
    /// of the steps and writes each step's terms to a buffer; the terms are then added to the
    /// totals in step order. Every term and every sum is the same as in the one-thread loop.
    private func efronStepsInParallel(_ s: inout RiskSums4, _ t: inout Totals4, steps: Int, denomStep: Double,
                                      dead: RiskSums4, wt: Double, p: Int) {
        typealias V = SIMD4<Double>
        let chunk = 8192
        let width = 2 + p                                   // loglik term, score term, p information rows
        let terms = UnsafeMutablePointer<V>.allocate(capacity: chunk * width)
        defer { terms.deallocate() }
        var done = 0
        while done < steps {
            let m = min(chunk, steps - done)
            let start = s
            let parts = min(threads, max(1, m / 256))
            let per = (m + parts - 1) / parts
            ParallelChunks.run(parts: parts) { k in
                let lo = k * per, hi = min(m, lo + per)
                if lo >= hi { return }
                var st = start
                for _ in 0..<lo { st.advance(denomStep, dead.a, dead, p: p) }
                for j in lo..<hi {
                    st.advance(denomStep, dead.a, dead, p: p)
                    // the terms exactly as `addInformation` forms them
                    let temp2 = st.a / st.denom
                    let out = terms + j * width
                    out[0] = V(wt * log(st.denom), 0, 0, 0)
                    out[1] = wt * temp2
                    out[2].lowHalf = wt * (st.c0.lowHalf - temp2[0] * st.a.lowHalf) / st.denom
                    if p > 1 { out[3].lowHalf = wt * (st.c1.lowHalf - temp2[1] * st.a.lowHalf) / st.denom }
                    if p > 2 { out[4] = wt * (st.c2 - temp2[2] * st.a) / st.denom }
                    if p > 3 { out[5] = wt * (st.c3 - temp2[3] * st.a) / st.denom }
                }
            }
            for j in 0..<m {
                s.advance(denomStep, dead.a, dead, p: p)
                let term = terms + j * width
                t.loglik -= term[0][0]
                t.u -= term[1]
                t.im0.lowHalf += term[2].lowHalf
                if p > 1 { t.im1.lowHalf += term[3].lowHalf }
                if p > 2 { t.im2 += term[4] }
                if p > 3 { t.im3 += term[5] }
            }
            done += m
        }
    }

    /// The sweep of `accumulateRight` for any number of columns; on patterns, sorted row i's
    /// covariates are row `code[i]` of `z` (the same values as its own row).
    private func sweepRight(_ beta: [Double], risk: UnsafeMutablePointer<Double>, code: UnsafePointer<CoxPatterns.Code>?,
                            u uOut: inout [Double], imat imatOut: inout [Double]) -> Double {
        let p = design.p
        let method1 = ties == .efron
        var loglik = 0.0
        let u = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        let a = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        let a2 = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        let imat = UnsafeMutablePointer<Double>.allocate(capacity: p * p + 1)
        let cmat = UnsafeMutablePointer<Double>.allocate(capacity: p * p + 1)
        let cmat2 = UnsafeMutablePointer<Double>.allocate(capacity: p * p + 1)
        let bt = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        defer { u.deallocate(); a.deallocate(); a2.deallocate(); imat.deallocate(); cmat.deallocate(); cmat2.deallocate(); bt.deallocate() }
        u.initialize(repeating: 0, count: p + 1)
        a.initialize(repeating: 0, count: p + 1)
        a2.initialize(repeating: 0, count: p + 1)
        imat.initialize(repeating: 0, count: p * p + 1)
        cmat.initialize(repeating: 0, count: p * p + 1)
        cmat2.initialize(repeating: 0, count: p * p + 1)
        for i in 0..<p { bt[i] = beta[i] }

        z.withUnsafeBufferPointer { zb in
        design.stop.withUnsafeBufferPointer { time in
        design.event.withUnsafeBufferPointer { status in
        design.weight.withPointer { wt in
            let zp = zb.baseAddress!
            for range in design.strataRanges.reversed() {
                var denom = 0.0
                for i in 0..<p { a[i] = 0 }
                for i in 0..<(p * p) { cmat[i] = 0 }
                var person = range.upperBound - 1
                while person >= range.lowerBound {
                    let dtime = time[person]
                    var ndead = 0
                    var deadwt = 0.0
                    var denom2 = 0.0
                    while person >= range.lowerBound && time[person] == dtime {
                        let row = zp + (code.map { Int($0[person]) } ?? person) * p
                        let risk = risk[person]
                        if !status[person] {
                            denom += risk
                            for i in 0..<p {
                                let rx = risk * row[i]
                                a[i] += rx
                                for j in 0...i { cmat[i * p + j] += rx * row[j] }
                            }
                        } else {
                            let w = wt[person]
                            var zbeta = 0.0
                            for i in 0..<p { zbeta += bt[i] * row[i] }
                            ndead += 1
                            deadwt += w
                            denom2 += risk
                            loglik += w * zbeta
                            for i in 0..<p {
                                u[i] += w * row[i]
                                let rx = risk * row[i]
                                a2[i] += rx
                                for j in 0...i { cmat2[i * p + j] += rx * row[j] }
                            }
                        }
                        person -= 1
                    }
                    if ndead == 0 { continue }
                    if !method1 || ndead == 1 {
                        denom += denom2
                        loglik -= deadwt * log(denom)
                        for i in 0..<p {
                            a[i] += a2[i]
                            let temp2 = a[i] / denom
                            u[i] -= deadwt * temp2
                            for j in 0...i {
                                cmat[i * p + j] += cmat2[i * p + j]
                                imat[j * p + i] += deadwt * (cmat[i * p + j] - temp2 * a[j]) / denom
                            }
                        }
                    } else {
                        let dd = Double(ndead)
                        let wtave = deadwt / dd
                        // the same fraction every step, divided once (see sweepRight4)
                        let denomStep = denom2 / dd
                        for i in 0..<p {
                            a2[i] /= dd
                            for j in 0...i { cmat2[i * p + j] /= dd }
                        }
                        for _ in 0..<ndead {
                            denom += denomStep
                            loglik -= wtave * log(denom)
                            for i in 0..<p {
                                a[i] += a2[i]
                                let temp2 = a[i] / denom
                                u[i] -= wtave * temp2
                                for j in 0...i {
                                    cmat[i * p + j] += cmat2[i * p + j]
                                    imat[j * p + i] += wtave * (cmat[i * p + j] - temp2 * a[j]) / denom
                                }
                            }
                        }
                    }
                    for i in 0..<p { a2[i] = 0 }
                    for i in 0..<(p * p) { cmat2[i] = 0 }
                }
            }
        }}}}
        for i in 0..<p { uOut[i] = u[i] }
        for i in 0..<(p * p) { imatOut[i] = imat[i] }
        return loglik
    }

    func accumulateCounting(_ beta: [Double], u uOut: inout [Double], imat imatOut: inout [Double]) -> Double {
        let p = design.p
        let m = addOrder.count
        let method1 = ties == .efron
        var u = [Double](repeating: 0, count: p)
        var imat = [Double](repeating: 0, count: p * p)
        var a = [Double](repeating: 0, count: p)
        var a2 = [Double](repeating: 0, count: p)
        var cmat = [Double](repeating: 0, count: p * p)
        var cmat2 = [Double](repeating: 0, count: p * p)
        var eta = [Double](repeating: 0, count: design.n)
        for k in 0..<m {
            let r = addOrder[k]
            var zb = 0.0
            for i in 0..<p { zb += beta[i] * z[r * p + i] }
            eta[r] = zb
        }
        var newlk = 0.0
        if m == 0 {
            uOut = u; imatOut = imat
            return 0
        }
        let start = design.start, tstop = design.stop, event = design.event, weights = design.weight, strata = stratum
        var person = 0, indx1 = 0
        var recenter = 0.0, denom = 0.0, etasum = 0.0
        var nrisk = 0
        var istrat = strata[addOrder[0]]
        var dtime = 0.0
        while person < m {
            var k = person
            while k < m {
                let pp = addOrder[k]
                if strata[pp] != istrat {
                    istrat = strata[pp]
                    denom = 0; nrisk = 0; etasum = 0
                    for i in 0..<p { a[i] = 0 }
                    for i in 0..<(p * p) { cmat[i] = 0 }
                    person = k
                    indx1 = k
                }
                if event[pp] { dtime = tstop[pp]; break }
                k += 1
            }
            if k == m { break }
            while indx1 < m {
                let p1 = removeOrder[indx1]
                if start[p1] < dtime || strata[p1] != istrat { break }
                nrisk -= 1
                if nrisk == 0 {
                    etasum = 0; denom = 0
                    for i in 0..<p { a[i] = 0; for j in 0...i { cmat[i * p + j] = 0 } }
                } else {
                    etasum -= eta[p1]
                    let risk = exp(eta[p1] - recenter) * weights[p1]
                    denom -= risk
                    for i in 0..<p {
                        let zi = z[p1 * p + i]
                        a[i] -= risk * zi
                        for j in 0...i { cmat[i * p + j] -= risk * zi * z[p1 * p + j] }
                    }
                }
                indx1 += 1
            }
            var denom2 = 0.0, meanwt = 0.0
            var deaths = 0
            for i in 0..<p { a2[i] = 0 }
            for i in 0..<(p * p) { cmat2[i] = 0 }
            while person < m {
                let pp = addOrder[person]
                if strata[pp] != istrat || tstop[pp] < dtime { break }
                nrisk += 1
                etasum += eta[pp]
                if abs(etasum / Double(nrisk) - recenter) > 200 {
                    var temp = etasum / Double(nrisk) - recenter
                    recenter = etasum / Double(nrisk)
                    if denom > 0 {
                        if abs(temp) > 709 { return .nan }   // R: "exp overflow due to covariates"
                        temp = exp(-temp)
                        denom *= temp
                        for i in 0..<p { a[i] *= temp }
                        for i in 0..<(p * p) { cmat[i] *= temp }
                    }
                }
                let risk = exp(eta[pp] - recenter) * weights[pp]
                if event[pp] {
                    deaths += 1
                    denom2 += risk
                    meanwt += weights[pp]
                    newlk += weights[pp] * (eta[pp] - recenter)
                    for i in 0..<p {
                        let zi = z[pp * p + i]
                        u[i] += weights[pp] * zi
                        a2[i] += risk * zi
                        for j in 0...i { cmat2[i * p + j] += risk * zi * z[pp * p + j] }
                    }
                } else {
                    denom += risk
                    for i in 0..<p {
                        let zi = z[pp * p + i]
                        a[i] += risk * zi
                        for j in 0...i { cmat[i * p + j] += risk * zi * z[pp * p + j] }
                    }
                }
                person += 1
            }
            if !method1 || deaths == 1 {
                denom += denom2
                newlk -= meanwt * log(denom)
                for i in 0..<p {
                    a[i] += a2[i]
                    let temp = a[i] / denom
                    u[i] -= meanwt * temp
                    for j in 0...i {
                        cmat[i * p + j] += cmat2[i * p + j]
                        imat[j * p + i] += meanwt * ((cmat[i * p + j] - temp * a[j]) / denom)
                    }
                }
            } else {
                let dd = Double(deaths)
                meanwt /= dd
                // the same fraction every step, divided once (see accumulateRight)
                let denomStep = denom2 / dd
                for i in 0..<p {
                    a2[i] /= dd
                    for j in 0...i { cmat2[i * p + j] /= dd }
                }
                for _ in 0..<deaths {
                    denom += denomStep
                    newlk -= meanwt * log(denom)
                    for i in 0..<p {
                        a[i] += a2[i]
                        let temp = a[i] / denom
                        u[i] -= meanwt * temp
                        for j in 0...i {
                            cmat[i * p + j] += cmat2[i * p + j]
                            imat[j * p + i] += meanwt * ((cmat[i * p + j] - temp * a[j]) / denom)
                        }
                    }
                }
            }
        }
        uOut = u
        imatOut = imat
        return newlk
    }
}
