import Foundation

extension LogRankTest {
    /// The weighted log-rank test for delayed-entry (left-truncated) data, the same statistic as
    /// `test(...)` with counting-process risk sets: a row is at risk at t when
    /// `entry < t <= time` (R's `Surv(start, stop, event)` rule). The weight at t is
    /// S(t-)^rho (1 - S(t-))^gamma with S the pooled left-continuous product-limit estimate on
    /// those risk sets, within stratum; O, E and the hypergeometric variance are as in
    /// survdiff2.c. R's `survdiff` refuses such data ("Right censored data only"); the reference
    /// is the same formula computed by hand in R (`Fixtures/stats_extra.R`, `fh_hand` with
    /// `entry`). With every entry at or below the first time it equals `test(...)`.
    ///
    /// Times are used as given (callers merge near-equal times first, as R's `aeqSurv`).
    /// Cost: O(n log n) sorting, then O(k log n) per distinct event time.
    public static func countingProcess(
        entry: [Double], time: [Double], event: [Bool], group: [Int32], groupCount: Int? = nil,
        strata: [Int32]? = nil, rho: Double = 0, gamma: Double = 0
    ) throws(TimeToEventInputError) -> LogRankTest {
        let nRows = time.count
        guard event.count == nRows else { throw .lengthMismatch("event", expected: nRows, actual: event.count) }
        guard group.count == nRows else { throw .lengthMismatch("group", expected: nRows, actual: group.count) }
        guard entry.count == nRows else { throw .lengthMismatch("entry", expected: nRows, actual: entry.count) }
        if let strata, strata.count != nRows { throw .lengthMismatch("strata", expected: nRows, actual: strata.count) }
        guard rho.isFinite else { throw .invalidParameter("rho must be finite") }
        guard gamma.isFinite, gamma >= 0 else { throw .invalidParameter("gamma must be finite and non-negative") }
        let k = groupCount ?? (Int(group.max() ?? -1) + 1)
        for i in 0..<nRows {
            if !time[i].isFinite || !entry[i].isFinite { throw .nonFiniteTime(row: i) }
            if group[i] < 0 || Int(group[i]) >= k { throw .invalidGroupCode(row: i) }
        }
        var n = [Int](repeating: 0, count: max(k, 0))
        for g in group { n[Int(g)] += 1 }
        guard n.filter({ $0 > 0 }).count >= 2 else { throw .fewerThanTwoGroups }

        let codes = strata ?? [Int32](repeating: 0, count: nRows)
        let strataCodes = Set(codes).sorted()
        var obs = [[Double]](repeating: [Double](repeating: 0, count: strataCodes.count), count: k)
        var expd = obs
        var v = [Double](repeating: 0, count: k * k)
        for (si, code) in strataCodes.enumerated() {
            let rows = (0..<nRows).filter { codes[$0] == code }
            // Per group: sorted entries and exits, to count the risk set by binary search.
            var entries = [[Double]](repeating: [], count: k), exits = entries
            for i in rows { entries[Int(group[i])].append(entry[i]); exits[Int(group[i])].append(time[i]) }
            for g in 0..<k { entries[g].sort(); exits[g].sort() }
            let deathRows = rows.filter { event[$0] }.sorted { time[$0] < time[$1] }
            var s = 1.0
            var j = 0
            var risk = [Double](repeating: 0, count: k), deaths = risk
            while j < deathRows.count {
                let t = time[deathRows[j]]
                for g in 0..<k { deaths[g] = 0 }
                while j < deathRows.count && time[deathRows[j]] == t { deaths[Int(group[deathRows[j]])] += 1; j += 1 }
                var nrisk = 0.0, d = 0.0
                for g in 0..<k {
                    // entry < t  minus  exit < t
                    risk[g] = Double(lowerBound(entries[g], t) - lowerBound(exits[g], t))
                    nrisk += risk[g]
                    d += deaths[g]
                }
                guard nrisk > 0 else { continue }
                var w = weight(s, rho: rho, gamma: gamma)
                for g in 0..<k {
                    obs[g][si] += w * deaths[g]
                    expd[g][si] += w * d * risk[g] / nrisk
                }
                if nrisk > 1 {
                    w *= w
                    for a in 0..<k {
                        let tmp = w * d * risk[a] * (nrisk - d) / (nrisk * (nrisk - 1))
                        v[a * k + a] += tmp
                        for b in 0..<k { v[a * k + b] -= tmp * risk[b] / nrisk }
                    }
                }
                s *= (nrisk - d) / nrisk
            }
        }
        var result = finish(rho: rho, n: n, strataCodes: strataCodes.map { Int($0) }, observed: obs, expected: expd, v: v)
        result.gamma = gamma
        return result
    }

    /// The number of elements of sorted `a` below `x`.
    private static func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
