import Foundation

/// The proportional-hazards test of R's `cox.zph(fit, transform = "km", terms = TRUE,
/// global = TRUE)` (survival >= 3.0, C routines `zph1.c` / `zph2.c`).
///
/// For each term the model is extended to `beta(t) = beta + theta g(t)` and the score test of
/// theta = 0 is computed at (beta-hat, 0) with the full 2p x 2p information matrix: with score
/// `U = sum_deaths g(t) (x - xbar(t))` (the beta part of the score is zero at the MLE),
/// `chisq = U_term' [I^-1]_term U_term` where the inverse comes from the information of
/// (beta, theta_term) jointly. GLOBAL tests all theta at once. Ties are handled as the fit did
/// (Efron or Breslow), within strata, with case weights; counting-process data use
/// `(start, stop]` risk sets.
///
/// Time transforms `g`: `.km` (default) is `1 - S(t-)` with S the pooled, unweighted,
/// left-continuous Kaplan–Meier of the model's data; `.identity`, `.log` and `.rank` (average
/// ranks of all times) as R. g is centred at its mean over the event rows.
///
/// Edge behaviour: nil when the model has no estimable coefficient or no events, when `.log`
/// meets a time <= 0, or when an information matrix is exactly singular (R's `solve` stops).
/// Redundant (NA) coefficients are left out, as R does.
public struct CoxZPH: Sendable {
    /// The time transform g(t).
    public enum Transform: String, Sendable, CaseIterable {
        case km, identity, rank, log
    }

    /// One row of the test table.
    public struct Row: Sendable, Equatable {
        /// Term name, or "GLOBAL".
        public var term: String
        public var chiSquare: Double
        public var df: Int
        /// pchisq(chiSquare, df, lower = FALSE).
        public var p: Double
    }

    /// The transform used.
    public let transform: Transform
    /// One row per model term with an estimable coefficient.
    public let terms: [Row]
    /// The joint test of all terms.
    public let global: Row

    /// Tests `model` (see the type's documentation).
    public static func test(_ model: CoxModel, transform: Transform = .km) -> CoxZPH? {
        let design = model.design
        let n = design.n, pAll = design.p
        let keep = (0..<pAll).filter { !model.redundant[$0] && model.rawBeta[$0].isFinite }
        let p = keep.count
        guard p > 0, n > 0, model.eventCount > 0 else { return nil }

        // g(t) per row, centred at its mean over events
        guard var g = transformedTimes(design, transform) else { return nil }
        var gs = 0.0, ge = 0
        for i in 0..<n where design.event[i] { gs += g[i]; ge += 1 }
        let gmean = gs / Double(ge)
        for i in 0..<n { g[i] -= gmean }

        // covariates kept, centred by their plain column means (as zph1)
        let dx = design.gatheredX()
        var x = [Double](repeating: 0, count: n * p)
        for (k, j) in keep.enumerated() {
            var s = 0.0
            for i in 0..<n { s += dx[i * pAll + j] }
            let m = s / Double(n)
            for i in 0..<n { x[i * p + k] = dx[i * pAll + j] - m }
        }
        let (u, imat) = scoreAndInformation(design: design, x: x, p: p, eta: model.sortedLinearPredictor,
                                            g: g, efron: model.ties == .efron)
        let q = 2 * p

        // group kept columns by term, in order of appearance
        var termNames: [String] = []
        var termCols: [[Int]] = []
        for (k, j) in keep.enumerated() {
            let t = model.columnTerms[j]
            if let idx = termNames.firstIndex(of: t) { termCols[idx].append(k) } else { termNames.append(t); termCols.append([k]) }
        }
        func quadratic(_ idx: [Int], _ uu: [Double]) -> Double? {
            let m = idx.count
            var sub = [Double](repeating: 0, count: m * m)
            for (a, i) in idx.enumerated() { for (b, j) in idx.enumerated() { sub[a * m + b] = imat[i * q + j] } }
            guard let s = CoxCholesky.solveGeneral(sub, n: m, uu) else { return nil }
            var t = 0.0
            for i in 0..<m { t += s[i] * uu[i] }
            return t
        }
        var rows: [Row] = []
        for (name, cols) in zip(termNames, termCols) {
            let idx = Array(0..<p) + cols.map { $0 + p }
            let uu = [Double](repeating: 0, count: p) + cols.map { u[$0 + p] }
            guard let stat = quadratic(idx, uu) else { return nil }
            rows.append(Row(term: name, chiSquare: stat, df: cols.count, p: ChiSquared.sf(stat, df: Double(cols.count))))
        }
        let uu = [Double](repeating: 0, count: p) + Array(u[p..<q])
        guard let gstat = quadratic(Array(0..<q), uu) else { return nil }
        return CoxZPH(transform: transform, terms: rows,
                      global: Row(term: "GLOBAL", chiSquare: gstat, df: p, p: ChiSquared.sf(gstat, df: Double(p))))
    }

    /// g(t) for every row of the design, uncentred; nil if undefined (log of t <= 0).
    static func transformedTimes(_ design: CoxDesign, _ transform: Transform) -> [Double]? {
        let n = design.n
        switch transform {
        case .identity:
            return design.stop
        case .log:
            if design.stop.contains(where: { $0 <= 0 }) { return nil }
            return design.stop.map { Foundation.log($0) }
        case .rank:
            let order = (0..<n).sorted { design.stop[$0] < design.stop[$1] }
            var r = [Double](repeating: 0, count: n)
            var i = 0
            while i < n {
                var j = i
                while j + 1 < n && design.stop[order[j + 1]] == design.stop[order[i]] { j += 1 }
                let avg = Double(i + j + 2) / 2
                for k in i...j { r[order[k]] = avg }
                i = j + 1
            }
            return r
        case .km:
            // pooled, unweighted KM; 1 - S(t-) at each row's time
            let stops = design.stop.sorted()
            let starts = design.isCounting ? design.start.sorted() : []
            var eventTimes: [Double] = []
            var deaths: [Int] = []
            for t in (0..<n).filter({ design.event[$0] }).map({ design.stop[$0] }).sorted() {
                if eventTimes.last == t { deaths[deaths.count - 1] += 1 } else { eventTimes.append(t); deaths.append(1) }
            }
            var survBefore = [Double](repeating: 1, count: eventTimes.count + 1)
            var km = 1.0
            for (k, t) in eventTimes.enumerated() {
                // at risk: stop >= t, minus (counting) start >= t
                var atRisk = n - CoxZPH.countBelow(stops, t)
                if design.isCounting { atRisk -= n - CoxZPH.countBelow(starts, t) }
                km *= Double(atRisk - deaths[k]) / Double(atRisk)
                survBefore[k + 1] = km
            }
            return design.stop.map { 1 - survBefore[CoxZPH.countBelow(eventTimes, $0)] }
        }
    }

    /// Number of entries of ascending `a` strictly below `v`.
    static func countBelow(_ a: [Double], _ v: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let mid = (lo + hi) / 2; if a[mid] < v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// The score U (2p) and full information (2p x 2p, row-major) of (beta, theta) at
    /// (beta-hat, 0), as zph1/zph2 accumulate them.
    static func scoreAndInformation(design: CoxDesign, x: [Double], p: Int, eta: [Double], g: [Double],
                                    efron: Bool) -> ([Double], [Double]) {
        let q = 2 * p
        var u = [Double](repeating: 0, count: q)
        var im = [Double](repeating: 0, count: q * q)   // filled at [j][i] (j <= i) per block
        var a = [Double](repeating: 0, count: p), a2 = a
        var cmat = [Double](repeating: 0, count: p * p), cmat2 = cmat
        for range in design.strataRanges {
            var etaMax = -Double.infinity
            for i in range where eta[i] > etaMax { etaMax = eta[i] }
            if !etaMax.isFinite { etaMax = 0 }
            var denom = 0.0
            for i in 0..<p { a[i] = 0 }
            for i in 0..<(p * p) { cmat[i] = 0 }
            var removeOrder: [Int] = []
            if design.isCounting { removeOrder = range.sorted { design.start[$0] > design.start[$1] } }
            var removePtr = 0
            var ip = range.upperBound - 1
            while ip >= range.lowerBound {
                let dtime = design.stop[ip]
                let timewt = g[ip]
                var ndead = 0
                var deadwt = 0.0, denom2 = 0.0
                for i in 0..<p { a2[i] = 0 }
                for i in 0..<(p * p) { cmat2[i] = 0 }
                while ip >= range.lowerBound && design.stop[ip] == dtime {
                    let w = design.weight[ip]
                    let risk = exp(eta[ip] - etaMax) * w
                    if !design.event[ip] {
                        denom += risk
                        for i in 0..<p {
                            a[i] += risk * x[ip * p + i]
                            for j in 0...i { cmat[i * p + j] += risk * x[ip * p + i] * x[ip * p + j] }
                        }
                    } else {
                        ndead += 1
                        deadwt += w
                        denom2 += risk
                        for i in 0..<p {
                            u[i] += w * x[ip * p + i]
                            u[i + p] += timewt * w * x[ip * p + i]
                            a2[i] += risk * x[ip * p + i]
                            for j in 0...i { cmat2[i * p + j] += risk * x[ip * p + i] * x[ip * p + j] }
                        }
                    }
                    ip -= 1
                }
                if design.isCounting {
                    // rows entering at or after this time are not at risk at it
                    while removePtr < removeOrder.count && design.start[removeOrder[removePtr]] >= dtime {
                        // start >= dtime implies stop > dtime: the row was added earlier
                        let k = removeOrder[removePtr]
                        let risk = exp(eta[k] - etaMax) * design.weight[k]
                        denom -= risk
                        for i in 0..<p {
                            a[i] -= risk * x[k * p + i]
                            for j in 0...i { cmat[i * p + j] -= risk * x[k * p + i] * x[k * p + j] }
                        }
                        removePtr += 1
                    }
                }
                guard ndead > 0 else { continue }
                func add(_ i: Int, _ j: Int, _ temp: Double) {
                    im[j * q + i] += temp
                    im[j * q + i + p] += timewt * temp
                    im[(j + p) * q + i + p] += timewt * timewt * temp
                }
                if !efron {
                    denom += denom2
                    for i in 0..<p {
                        a[i] += a2[i]
                        let temp2 = a[i] / denom
                        u[i] -= deadwt * temp2
                        u[i + p] -= timewt * deadwt * temp2
                        for j in 0...i {
                            cmat[i * p + j] += cmat2[i * p + j]
                            add(i, j, deadwt * (cmat[i * p + j] - temp2 * a[j]) / denom)
                        }
                    }
                } else {
                    let d = Double(ndead)
                    let wtave = deadwt / d
                    for _ in 0..<ndead {
                        denom += denom2 / d
                        for i in 0..<p {
                            a[i] += a2[i] / d
                            let temp2 = a[i] / denom
                            u[i] -= wtave * temp2
                            u[i + p] -= timewt * wtave * temp2
                            for j in 0...i {
                                cmat[i * p + j] += cmat2[i * p + j] / d
                                add(i, j, wtave * (cmat[i * p + j] - temp2 * a[j]) / denom)
                            }
                        }
                    }
                }
            }
        }
        // symmetric fill, as zph1
        for i in 0..<p {
            for j in 0..<i {
                im[i * q + j] = im[j * q + i]
                im[i * q + j + p] = im[j * q + i + p]
                im[(i + p) * q + j + p] = im[(j + p) * q + i + p]
            }
        }
        for i in 0..<p { for j in 0..<p { im[(i + p) * q + j] = im[j * q + i + p] } }
        return (u, im)
    }
}
