#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The k-sample log-rank test and the Harrington–Fleming G^rho family, matching R's
/// `survdiff(Surv(time, status) ~ g [+ strata(s)], rho = rho)` in survival 3.5-3
/// (R/survdiff.R, src/survdiff2.c).
///
/// Definition: within each stratum, at each distinct time t with d deaths among n at risk
/// (n_j in group j), weight w = S(t-)^rho with S the left-continuous Kaplan–Meier curve of the
/// pooled stratum (w = 1 for rho = 0, the log-rank test; rho = 1 is the Peto–Peto modification
/// of the Gehan–Wilcoxon test). O_j = Σ w d_j, E_j = Σ w d n_j / n, and the hypergeometric
/// variance V_jj += w² d n_j (n - d) / (n (n - 1)) (1 - n_j / n), V_jk -= w² d n_j n_k (n - d) /
/// (n² (n - 1)), with no variance term when n = 1. O, E and V are summed over strata.
/// Fleming–Harrington G(rho, gamma): with `gamma != 0` the weight is
/// w = S(t-)^rho (1 - S(t-))^gamma (Fleming and Harrington 1991, §7.3; the same pooled
/// left-continuous S). R's `survdiff` has no gamma; the reference is that formula computed by
/// hand in R (Tests/SurvivalTests/Fixtures/stats_extra.R). gamma = 0 is survdiff's G^rho.
/// The statistic is (O - E)' V⁻¹ (O - E) over the groups with E > 0 except the first of them;
/// df = (number of groups with E > 0) - 1; p = P(χ²_df > chisq). With df = 0 the statistic is
/// 0 and p = 1, as in R.
///
/// Scope: right-censored data only (R: "Right censored data only"); `entry` exists so that a
/// caller holding delayed-entry data gets `delayedEntryNotSupported` rather than a silently
/// wrong test (use the Cox model's score test instead). No case weights (R has none).
///
/// Edge behaviour: groups with no rows are allowed (n = 0, E = 0, left out of df); fewer than two
/// non-empty groups throws `fewerThanTwoGroups`; events in only one group give chisq 0, df 0,
/// p 1 (as R); no events at all give chisq 0, df 0 and p nil (R: df -1, p NA); a singular
/// variance submatrix (R's `solve` error) gives `chiSquare == nil`, `pValue == nil` and
/// `isVarianceSingular == true`. Cost: unstratified integer times on a small range are counted
/// per (group, time) without sorting; otherwise an O(n) radix ordering plus linear passes; O(k²)
/// work per distinct event time either way.
public struct LogRankTest: Sendable, Equatable {
    /// The rho of the G^rho weight S(t-)^rho.
    public let rho: Double
    /// The gamma of the Fleming–Harrington weight S(t-)^rho (1 - S(t-))^gamma (0: G^rho).
    public var gamma: Double = 0
    /// Rows per group (R's `n`).
    public let n: [Int]
    /// Observed (weighted) events per group, summed over strata (R's `obs`, row sums if stratified).
    public let observed: [Double]
    /// Expected events per group, summed over strata.
    public let expected: [Double]
    /// The distinct stratum codes present, ascending (one element 0 when unstratified).
    public let strataCodes: [Int]
    /// Observed events by group and stratum: `observedByStratum[group][stratumIndex]`.
    public let observedByStratum: [[Double]]
    /// Expected events by group and stratum.
    public let expectedByStratum: [[Double]]
    /// The k×k variance matrix of O - E (R's `var`), rows and columns by group.
    public let variance: [[Double]]
    /// The chi-square statistic; nil when the variance submatrix is singular.
    public let chiSquare: Double?
    /// Degrees of freedom: groups with E > 0, minus 1 (0 when there are no events; R reports -1).
    public let degreesOfFreedom: Int
    /// Upper-tail chi-square p-value; nil when `chiSquare` is nil or there are no events.
    public let pValue: Double?
    /// True when R's `solve()` would fail on the variance submatrix.
    public let isVarianceSingular: Bool

    /// Runs the test.
    ///
    /// - Parameters:
    ///   - time: follow-up times (finite).
    ///   - event: true for an event.
    ///   - group: a code in `0..<groupCount` per row.
    ///   - groupCount: number of groups (default: largest code + 1).
    ///   - strata: optional stratum codes (any 32-bit integers).
    ///   - rho: the G^rho exponent (0 = log-rank). Must be finite.
    ///   - gamma: the Fleming–Harrington exponent of 1 - S(t-) (0 = G^rho). Finite, >= 0.
    ///   - entry: delayed-entry times; any non-zero entry is rejected (`delayedEntryNotSupported`).
    ///   - timeFix: merge near-equal times first (R's `timefix = TRUE`).
    public static func test(
        time: [Double], event: [Bool], group: [Int32], groupCount: Int? = nil,
        strata: [Int32]? = nil, rho: Double = 0, gamma: Double = 0, entry: [Double]? = nil, timeFix: Bool = true
    ) throws(TimeToEventInputError) -> LogRankTest {
        let nRows = time.count
        guard event.count == nRows else { throw .lengthMismatch("event", expected: nRows, actual: event.count) }
        guard group.count == nRows else { throw .lengthMismatch("group", expected: nRows, actual: group.count) }
        if let strata, strata.count != nRows { throw .lengthMismatch("strata", expected: nRows, actual: strata.count) }
        if let entry {
            guard entry.count == nRows else { throw .lengthMismatch("entry", expected: nRows, actual: entry.count) }
            if entry.contains(where: { $0 != 0 }) { throw .delayedEntryNotSupported }
        }
        guard rho.isFinite else { throw .invalidParameter("rho must be finite") }
        guard gamma.isFinite, gamma >= 0 else { throw .invalidParameter("gamma must be finite and non-negative") }
        let k = groupCount ?? (Int(group.max() ?? -1) + 1)
        // One scan validates the rows, counts the groups and summarizes the times.
        var n = [Int](repeating: 0, count: max(k, 0))
        var range = SurvivalTimeRange()
        var badRow: Int? = nil, badGroup = false
        time.withUnsafeBufferPointer { timeP in
            group.withUnsafeBufferPointer { groupP in
                n.withUnsafeMutableBufferPointer { nP in
                    for i in 0..<nRows {
                        let t = timeP[i], g = Int(groupP[i])
                        if !t.isFinite || g < 0 || g >= k { badRow = i; badGroup = t.isFinite; break }
                        nP[g] += 1
                        range.add(t)
                    }
                }
            }
        }
        if let badRow { throw badGroup ? .invalidGroupCode(row: badRow) : .nonFiniteTime(row: badRow) }
        guard n.filter({ $0 > 0 }).count >= 2 else { throw .fewerThanTwoGroups }

        let fixesNothing = !timeFix || TimeFix.cannotMerge(range)
        let (t, order) = fixesNothing ? (time, nil) : try TimeFix.fixedWithOrder(time)
        // Merged times keep the range's integrality only when nothing changed.
        let timeRange = fixesNothing || order != nil ? range : nil

        // Dense stratum index, ordered by stratum code.
        var strataCodes = [0]
        var stratumIndex: [Int] = []
        if let strata {
            stratumIndex = [Int](repeating: 0, count: nRows)
            let lo = Int(strata.min() ?? 0), hi = Int(strata.max() ?? 0)
            if hi - lo <= 4 * nRows + 1024 {
                // Codes on a small range (the usual 0..<levels): a table instead of hashing.
                var slot = [Int](repeating: -1, count: hi - lo + 1)
                for c in strata { slot[Int(c) - lo] = 0 }
                strataCodes = []
                for j in slot.indices where slot[j] == 0 { slot[j] = strataCodes.count; strataCodes.append(lo + j) }
                for i in 0..<nRows { stratumIndex[i] = slot[Int(strata[i]) - lo] }
            } else {
                let distinct = Set(strata).sorted()
                strataCodes = distinct.map { Int($0) }
                var lookup: [Int32: Int] = [:]
                lookup.reserveCapacity(distinct.count)
                for (i, c) in distinct.enumerated() { lookup[c] = i }
                for i in 0..<nRows { stratumIndex[i] = lookup[strata[i]] ?? 0 }
            }
        }
        let ns = strataCodes.count
        var obs = [[Double]](repeating: [Double](repeating: 0, count: ns), count: k)
        var expd = obs
        var v = [Double](repeating: 0, count: k * k)  // R's column-major var.e
        let maxBuckets = (2 * nRows + 4096) / k
        if ns == 1, nRows >= 64,
           let grid = timeRange.map({ SurvivalTimeBuckets($0, maxBuckets: maxBuckets) }) ?? SurvivalTimeBuckets(t, maxBuckets: maxBuckets) {
            accumulateDense(time: t, event: event, group: group, groupCount: k, grid: grid, rho: rho, gamma: gamma,
                            observed: &obs, expected: &expd, variance: &v)
        } else {
            accumulateSorted(time: t, event: event, group: group, groupCount: k, stratumIndex: stratumIndex,
                             strataCount: ns, rho: rho, gamma: gamma, order: order, observed: &obs, expected: &expd, variance: &v)
        }
        var result = finish(rho: rho, n: n, strataCodes: strataCodes, observed: obs, expected: expd, v: v)
        result.gamma = gamma
        return result
    }

    /// The weight at a time whose pooled left-continuous KM is `s`.
    @inline(__always)
    static func weight(_ s: Double, rho: Double, gamma: Double) -> Double {
        if rho == 0 && gamma == 0 { return 1 }
        let a = rho == 0 ? 1.0 : pow(s, rho)
        return gamma == 0 ? a : a * pow(1 - s, gamma)
    }

    /// survdiff2.c on rows sorted by time within strata.
    static func accumulateSorted(
        time t: [Double], event: [Bool], group: [Int32], groupCount k: Int, stratumIndex: [Int], strataCount ns: Int,
        rho: Double, gamma: Double = 0, order: [Int]? = nil,
        observed obs: inout [[Double]], expected expd: inout [[Double]], variance v: inout [Double]
    ) {
        let parts = SurvivalTimeOrder.partition(order ?? SurvivalTimeOrder.ascending(t), codes: stratumIndex, codeCount: ns)
        var risk = [Double](repeating: 0, count: k)
        var kaplan: [Double] = []
        var ts: [Double] = [], gs: [Int] = [], es: [Bool] = []
        var obsS = [Double](repeating: 0, count: k), expS = obsS
        for s in 0..<ns {
            let lo = parts.starts[s], hi = parts.starts[s + 1]
            if lo == hi { continue }
            let stratumSize = hi - lo
            // Gather the stratum's rows in time order once; the passes below are sequential.
            ts = parts.order[lo..<hi].map { t[$0] }
            gs = parts.order[lo..<hi].map { Int(group[$0]) }
            es = parts.order[lo..<hi].map { event[$0] }
            // Left-continuous KM of the pooled stratum, one value per row (only for rho != 0).
            if rho != 0 || gamma != 0 {
                kaplan = [Double](repeating: 1, count: stratumSize)
                var km = 1.0, i = 0
                while i < stratumSize {
                    let ti = ts[i]
                    var deaths = 0.0, j = i
                    while j < stratumSize && ts[j] == ti {
                        kaplan[j] = km
                        if es[j] { deaths += 1 }
                        j += 1
                    }
                    let nrisk = Double(stratumSize - i)
                    km = km * (nrisk - deaths) / nrisk
                    i = j
                }
            }
            for g in 0..<k { risk[g] = 0; obsS[g] = 0; expS[g] = 0 }
            var i = stratumSize - 1
            while i >= 0 {
                var wt = weight(rho == 0 && gamma == 0 ? 1 : kaplan[i], rho: rho, gamma: gamma)
                let ti = ts[i]
                var deaths = 0.0, j = i
                while j >= 0 && ts[j] == ti {
                    let g = gs[j]
                    let status = es[j] ? 1.0 : 0.0
                    deaths += status
                    risk[g] += 1
                    obsS[g] += status * wt
                    j -= 1
                }
                i = j + 1
                let nrisk = Double(stratumSize - i)
                if deaths > 0 {
                    for g in 0..<k { expS[g] += wt * deaths * risk[g] / nrisk }
                    if nrisk != 1 {
                        wt = wt * wt
                        for jj in 0..<k {
                            let tmp = wt * deaths * risk[jj] * (nrisk - deaths) / (nrisk * (nrisk - 1))
                            v[jj * k + jj] += tmp
                            for kk in 0..<k { v[jj * k + kk] -= tmp * risk[kk] / nrisk }
                        }
                    }
                }
                i -= 1
            }
            for g in 0..<k { obs[g][s] = obsS[g]; expd[g][s] = expS[g] }
        }
    }

    /// survdiff2.c for one stratum whose integer times lie on a small grid: rows are counted per
    /// (group, time) in one pass instead of being sorted. Counts are exact, and each group's
    /// observed sum adds the weight once per death as R does, so results equal the sorted path.
    static func accumulateDense(
        time t: [Double], event: [Bool], group: [Int32], groupCount k: Int, grid: SurvivalTimeBuckets,
        rho: Double, gamma: Double = 0, observed obs: inout [[Double]], expected expd: inout [[Double]], variance v: inout [Double]
    ) {
        let r = grid.count
        var rows = [Int32](repeating: 0, count: k * r)
        var deathsByGroup = [Int32](repeating: 0, count: k * r)
        var rowsAt = [Int](repeating: 0, count: r)
        var deathsAt = [Int](repeating: 0, count: r)
        rows.withUnsafeMutableBufferPointer { rowsP in
        deathsByGroup.withUnsafeMutableBufferPointer { deathsP in
        rowsAt.withUnsafeMutableBufferPointer { rowsAtP in
        deathsAt.withUnsafeMutableBufferPointer { deathsAtP in
        t.withUnsafeBufferPointer { tP in
        event.withUnsafeBufferPointer { eventP in
        group.withUnsafeBufferPointer { groupP in
            for i in 0..<tP.count {
                let b = grid.bucket(tP[i])
                let cell = Int(groupP[i]) &* r &+ b
                rowsP[cell] &+= 1
                rowsAtP[b] &+= 1
                let d: Int32 = eventP[i] ? 1 : 0  // no branch on the (unpredictable) status
                deathsP[cell] &+= d
                deathsAtP[b] &+= Int(d)
            }
        }}}}}}}
        let total = t.count
        // Left-continuous pooled KM per bucket (only for rho != 0).
        var kaplan: [Double] = []
        if rho != 0 || gamma != 0 {
            kaplan = [Double](repeating: 1, count: r)
            var km = 1.0, before = 0
            for b in 0..<r where rowsAt[b] > 0 {
                kaplan[b] = km
                let nrisk = Double(total - before)
                km = km * (nrisk - Double(deathsAt[b])) / nrisk
                before += rowsAt[b]
            }
        }
        var risk = [Double](repeating: 0, count: k)
        var atOrAfter = 0
        var obsFlat = [Double](repeating: 0, count: k), expFlat = obsFlat
        var b = r - 1
        while b >= 0 {
            defer { b -= 1 }
            if rowsAt[b] == 0 { continue }
            var wt = weight(rho == 0 && gamma == 0 ? 1 : kaplan[b], rho: rho, gamma: gamma)
            for g in 0..<k {
                let cell = g * r + b
                risk[g] += Double(rows[cell])
                for _ in 0..<Int(deathsByGroup[cell]) { obsFlat[g] += wt }
            }
            atOrAfter += rowsAt[b]
            let deaths = Double(deathsAt[b])
            let nrisk = Double(atOrAfter)
            if deaths > 0 {
                for g in 0..<k { expFlat[g] += wt * deaths * risk[g] / nrisk }
                if nrisk != 1 {
                    wt = wt * wt
                    for jj in 0..<k {
                        let tmp = wt * deaths * risk[jj] * (nrisk - deaths) / (nrisk * (nrisk - 1))
                        v[jj * k + jj] += tmp
                        for kk in 0..<k { v[jj * k + kk] -= tmp * risk[kk] / nrisk }
                    }
                }
            }
        }
        for g in 0..<k { obs[g][0] = obsFlat[g]; expd[g][0] = expFlat[g] }
    }

    /// Totals, the chi-square over groups with E > 0 (less the first), df and p (R/survdiff.R).
    static func finish(
        rho: Double, n: [Int], strataCodes: [Int], observed obs: [[Double]], expected expd: [[Double]], v: [Double]
    ) -> LogRankTest {
        let k = n.count
        // var.e[jj*k + kk] is R's matrix element [kk, jj].
        var variance = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for r in 0..<k { for c in 0..<k { variance[r][c] = v[c * k + r] } }
        let observed = obs.map { $0.reduce(0, +) }
        let expected = expd.map { $0.reduce(0, +) }

        let used = (0..<k).filter { expected[$0] > 0 }
        let df = used.count - 1
        var chi: Double? = 0
        var singular = false
        if used.count >= 2 {
            let sub = Array(used.dropFirst())
            let rhs = sub.map { observed[$0] - expected[$0] }
            let matrix = sub.map { r in sub.map { c in variance[r][c] } }
            if let x = Self.solve(matrix, rhs) {
                var s = 0.0
                for q in x.indices { s += x[q] * rhs[q] }
                chi = s
            } else {
                chi = nil
                singular = true
            }
        }
        let p: Double?
        if let chi, df >= 0 { p = df == 0 ? 1 : ChiSquared.sf(chi, df: Double(df)) } else { p = nil }
        return LogRankTest(
            rho: rho, n: n, observed: observed, expected: expected, strataCodes: strataCodes,
            observedByStratum: obs, expectedByStratum: expd, variance: variance,
            chiSquare: chi, degreesOfFreedom: max(df, 0), pValue: p, isVarianceSingular: singular)
    }

    /// Solves A x = b by Gaussian elimination with partial pivoting; nil when A is singular to
    /// working precision (reciprocal pivot ratio below machine epsilon, R's `solve` rule of thumb).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let m = b.count
        var a = a, b = b
        var scale = 0.0
        for r in a { for x in r { scale = max(scale, abs(x)) } }
        if !(scale > 0) || !scale.isFinite { return nil }
        for col in 0..<m {
            var pivot = col
            for r in (col + 1)..<max(m, col + 1) where abs(a[r][col]) > abs(a[pivot][col]) { pivot = r }
            if !(abs(a[pivot][col]) > Double.ulpOfOne * scale * Double(m)) { return nil }
            if pivot != col { a.swapAt(pivot, col); b.swapAt(pivot, col) }
            for r in (col + 1)..<max(m, col + 1) {
                let f = a[r][col] / a[col][col]
                if f == 0 { continue }
                for c in col..<m { a[r][c] -= f * a[col][c] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: m)
        for r in stride(from: m - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<max(m, r + 1) { s -= a[r][c] * x[c] }
            x[r] = s / a[r][r]
        }
        return x
    }
}
