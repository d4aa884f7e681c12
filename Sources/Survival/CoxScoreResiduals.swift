import Foundation

/// Score residuals of a Cox model (R's `residuals(fit, type = "score")`, C routines
/// `coxscore2.c` / `agscore2.c`), summed within groups, in O(n p) time.
///
/// For row k with risk score `s_k = exp(eta_k)`, the score residual is
/// `delta_k (x_k - xbar(t_k)) - sum_{event times t_j with k at risk} s_k (x_k - xbar(t_j)) dLambda(t_j)`,
/// where `xbar(t)` is the risk-weighted mean over the risk set and `dLambda(t)` the hazard
/// increment (sum of death weights / risk sum). With Efron ties each death time is split into
/// `d` sub-steps in which the tied deaths count `1 - i/d`; a row dying at `t` gets the
/// average of the sub-step means and is downweighted in the sub-step sums exactly as the C
/// code does. Instead of R's loop over every risk set member (O(n^2) for right-censored data),
/// the per-time quantities are accumulated once and each row reads cumulative sums over its
/// interval `(start, stop]`.
///
/// Residuals are shift-invariant in x and in eta, so covariates are centred and eta is shifted
/// by its per-stratum maximum before `exp`, which keeps large linear predictors from
/// overflowing.
enum CoxScoreResiduals {
    /// Returns the `groupCount x p` row-major matrix `sum_{k in group g} w_k r_k V`,
    /// where `r_k` is row k's score residual (a 1 x p row) and `V` the optional p x p matrix
    /// (`dfbeta` residuals when V is the model variance). `group[k]` is the group of sorted
    /// row k; nil means each row is its own group (`groupCount == n`, sorted order). `eta` is
    /// the linear predictor in sorted order; nil means 0 for every row (no array of zeros).
    static func collapsed(design: CoxDesign, eta: [Double]?, ties: CoxModel.Ties,
                          transform v: [Double]?, group: [Int32]?, groupCount: Int) -> [Double] {
        let n = design.n, p = design.p
        var out = [Double](repeating: 0, count: groupCount * p)
        if p == 0 || n == 0 { return out }
        // centred covariates
        let xs = design.gatheredX()
        var colMean = [Double](repeating: 0, count: p)
        for i in 0..<n { for j in 0..<p { colMean[j] += xs[i * p + j] } }
        for j in 0..<p { colMean[j] /= Double(n) }
        let efron = ties == .efron
        var resid = [Double](repeating: 0, count: p)
        var mapped = [Double](repeating: 0, count: p)
        var xk = [Double](repeating: 0, count: p)
        let stop = design.stop, start = design.start, event = design.event, weight = design.weight

        for range in design.strataRanges {
            var score = [Double](repeating: 1, count: range.count)     // exp(0 - 0) without eta
            if let eta {
                var etaMax = -Double.infinity
                for i in range where eta[i] > etaMax { etaMax = eta[i] }
                if !etaMax.isFinite { etaMax = 0 }
                for i in range { score[i - range.lowerBound] = exp(eta[i] - etaMax) }
            }
            // unique event times, ascending
            var dtimes: [Double] = []
            for i in range where event[i] { if dtimes.last != stop[i] { dtimes.append(stop[i]) } }
            let nt = dtimes.count
            if nt == 0 { continue }
            // per-time quantities
            var h = [Double](repeating: 0, count: nt)
            var hm = [Double](repeating: 0, count: nt * p)
            var h2 = [Double](repeating: 0, count: nt)
            var hm2 = [Double](repeating: 0, count: nt * p)
            var xbarOwn = [Double](repeating: 0, count: nt * p)
            var removeOrder: [Int] = []
            if design.isCounting {
                removeOrder = Array(range)
                removeOrder.sort { start[$0] > start[$1] }
            }
            var denom = 0.0
            var a = [Double](repeating: 0, count: p)
            var addPtr = range.upperBound - 1
            var removePtr = 0
            var e_denom = 0.0, meanwt = 0.0
            var a2 = [Double](repeating: 0, count: p)
            var tj = nt - 1
            while tj >= 0 {
                let t = dtimes[tj]
                e_denom = 0; meanwt = 0
                var deaths = 0
                for j in 0..<p { a2[j] = 0 }
                while addPtr >= range.lowerBound && stop[addPtr] >= t {
                    let k = addPtr
                    let risk = score[k - range.lowerBound] * weight[k]
                    denom += risk
                    for j in 0..<p { a[j] += risk * (xs[k * p + j] - colMean[j]) }
                    if event[k] && stop[k] == t {
                        deaths += 1
                        e_denom += risk
                        meanwt += weight[k]
                        for j in 0..<p { a2[j] += risk * (xs[k * p + j] - colMean[j]) }
                    }
                    addPtr -= 1
                }
                if design.isCounting {
                    while removePtr < removeOrder.count && start[removeOrder[removePtr]] >= t {
                        let k = removeOrder[removePtr]
                        let risk = score[k - range.lowerBound] * weight[k]
                        denom -= risk
                        for j in 0..<p { a[j] -= risk * (xs[k * p + j] - colMean[j]) }
                        removePtr += 1
                    }
                }
                if deaths < 2 || !efron {
                    let hazard = meanwt / denom
                    h[tj] = hazard
                    for j in 0..<p {
                        let m = a[j] / denom
                        hm[tj * p + j] = hazard * m
                        xbarOwn[tj * p + j] = m
                    }
                } else {
                    let d = Double(deaths)
                    let wbar = meanwt / d
                    var sh = 0.0, sh2 = 0.0
                    for dd in 0..<deaths {
                        let downwt = Double(dd) / d
                        let temp = denom - downwt * e_denom
                        let hazard = wbar / temp
                        sh += hazard
                        sh2 += hazard * downwt
                        for j in 0..<p {
                            let m = (a[j] - downwt * a2[j]) / temp
                            hm[tj * p + j] += hazard * m
                            hm2[tj * p + j] += hazard * downwt * m
                            xbarOwn[tj * p + j] += m / d
                        }
                    }
                    h[tj] = sh
                    h2[tj] = sh2
                }
                tj -= 1
            }
            // cumulative sums, index c = number of event times included
            var cumH = [Double](repeating: 0, count: nt + 1)
            var cumM = [Double](repeating: 0, count: (nt + 1) * p)
            for t in 0..<nt {
                cumH[t + 1] = cumH[t] + h[t]
                for j in 0..<p { cumM[(t + 1) * p + j] = cumM[t * p + j] + hm[t * p + j] }
            }
            var c1 = 0
            for k in range {
                let s = score[k - range.lowerBound]
                // rows are in ascending stop order: the count of event times <= stop only grows
                while c1 < nt && dtimes[c1] <= stop[k] { c1 += 1 }
                let c0 = design.isCounting ? CoxNewtonRaphson.countAtMost(dtimes, start[k]) : 0
                let hSum = cumH[c1] - cumH[c0]
                for j in 0..<p {
                    xk[j] = xs[k * p + j] - colMean[j]
                    resid[j] = -s * (xk[j] * hSum - (cumM[c1 * p + j] - cumM[c0 * p + j]))
                }
                if event[k] && c1 > 0 {
                    let t = c1 - 1
                    for j in 0..<p {
                        resid[j] += xk[j] - xbarOwn[t * p + j] + s * (xk[j] * h2[t] - hm2[t * p + j])
                    }
                }
                let w = weight[k]
                if let v {
                    for j in 0..<p {
                        var acc = 0.0
                        for i in 0..<p { acc += resid[i] * v[i * p + j] }
                        mapped[j] = acc * w
                    }
                } else {
                    for j in 0..<p { mapped[j] = resid[j] * w }
                }
                let g = group.map { Int($0[k]) } ?? k
                for j in 0..<p { out[g * p + j] += mapped[j] }
            }
        }
        return out
    }
}
