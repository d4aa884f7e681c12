import Foundation

/// Harrell's concordance between a predictor and survival, with its infinitesimal-jackknife
/// standard error, as R's `concordancefit(y, x, strata, weights, cluster, reverse,
/// timewt = "n")` computes it (survival 3.5-3, C routines `concordance3.c` for right-censored
/// and `concordance4.c` for counting-process data). `coxph` reports it for the linear
/// predictor with `reverse = TRUE` (a higher risk score should mean a shorter survival).
///
/// Comparable pairs: an event at time t against every row still at risk at t within the same
/// stratum (time > t, censored at t, or for counting data `start < t <= stop`). Pairs of events
/// at the same time are "tied.y" and are not comparable; "tied.x" pairs have equal predictors
/// (exact floating-point equality, as R). With case weights each pair counts w_i w_j.
/// `C = (concordant + tied.x / 2) / (concordant + discordant + tied.x)`.
///
/// The variance is the sum of squared per-row (or per-cluster) influence values of Somers' d,
/// divided by 4, exactly as `concordancefit`. Each stratum is swept once with weight trees over
/// the predictor's ranks (rows at risk, and events), O(n log n) time, O(n) memory (see `sweep`).
///
/// Edge behaviour: with no comparable pair (no events, or every event at one time) the
/// concordance and its standard error are nil (R gives NaN).
public struct CoxConcordance: Sendable, Equatable {
    /// The concordance index; nil when there is no comparable pair.
    public var concordance: Double?
    /// Its infinitesimal-jackknife standard error; nil when there is no comparable pair.
    public var standardError: Double?
    /// Weighted count of concordant pairs.
    public var concordant: Double
    /// Weighted count of discordant pairs.
    public var discordant: Double
    /// Pairs tied on the predictor only.
    public var tiedX: Double
    /// Pairs of events tied in time (not tied on the predictor).
    public var tiedY: Double
    /// Pairs of events tied in time and on the predictor.
    public var tiedXY: Double

    /// Concordance of `predictor` with the survival outcome.
    ///
    /// - Parameters:
    ///   - time: event or censoring time (stop time for counting data).
    ///   - event: true for an event.
    ///   - entry: optional entry (start) times for `(start, stop]` data.
    ///   - predictor: the score whose concordance is measured.
    ///   - strata: optional stratum codes; pairs are only formed within a stratum.
    ///   - weights: optional case weights.
    ///   - cluster: optional cluster codes; influence values are summed within cluster.
    ///   - reverse: true when larger predictor values should mean shorter survival (Cox risk
    ///     scores), as `coxph` uses it.
    /// - Returns: nil when the argument lengths differ or a value is NaN.
    public static func compute(time: [Double], event: [Bool], entry: [Double]? = nil, predictor: [Double],
                               strata: [Int]? = nil, weights: [Double]? = nil, cluster: [Int]? = nil,
                               reverse: Bool = false) -> CoxConcordance? {
        let n = time.count
        guard event.count == n, predictor.count == n, entry.map({ $0.count == n }) ?? true,
              strata.map({ $0.count == n }) ?? true, weights.map({ $0.count == n }) ?? true,
              cluster.map({ $0.count == n }) ?? true else { return nil }
        if time.contains(where: \.isNaN) || predictor.contains(where: \.isNaN) { return nil }
        if let entry, entry.contains(where: \.isNaN) { return nil }
        if let weights, weights.contains(where: { $0.isNaN || $0 < 0 }) { return nil }
        var order = Array(0..<n)
        order.sort { a, b in
            if let strata, strata[a] != strata[b] { return strata[a] < strata[b] }
            if time[a] != time[b] { return time[a] < time[b] }
            if event[a] != event[b] { return event[a] }
            return a < b
        }
        var ranges: [Range<Int>] = []
        var lo = 0
        while lo < n {
            var hi = lo + 1
            while hi < n, let strata, strata[order[hi]] == strata[order[lo]] { hi += 1 }
            if strata == nil { hi = n }
            ranges.append(lo..<hi)
            lo = hi
        }
        var clusterCodes: [Int32]? = nil
        var clusterCount = 0
        if let cluster {
            var map: [Int: Int32] = [:]
            clusterCodes = order.map { i in
                if let k = map[cluster[i]] { return k }
                let k = Int32(truncatingIfNeeded: map.count); map[cluster[i]] = k; return k
            }
            clusterCount = map.count
        }
        return compute(stop: order.map { time[$0] }, start: entry.map { e in order.map { e[$0] } },
                       event: order.map { event[$0] }, x: order.map { predictor[$0] },
                       weight: weights.map { w in order.map { w[$0] } }, strataRanges: ranges,
                       cluster: clusterCodes, clusterCount: clusterCount, reverse: reverse)
    }

    /// R's order(-stop, status, x) of a stratum's rows: rows arrive sorted by stop ascending
    /// with deaths first within a time, so walking backwards puts censored rows first; tied
    /// deaths are then ordered by x so runs of equal x are contiguous. Their slots are reserved
    /// and then filled from `byX` (the rows by ascending x, equal x by descending row), which
    /// already has them in that order. A run of tied deaths is rows `lo...hi` (contiguous), so
    /// a death's run is found by a binary search over the runs' first rows.
    static func sweepOrder(_ range: Range<Int>, byX: [Int32], stop: [Double], event: [Bool]) -> [Int32] {
        var sortStop = [Int32](repeating: 0, count: range.count)
        var runFirst: [Int] = []                            // first row of each run, descending
        var runLast: [Int] = []                             // last row of each run
        var runNext: [Int] = []                             // the next slot of each run
        var filled = 0
        var k = range.upperBound - 1
        while k >= range.lowerBound {
            if !event[k] { sortStop[filled] = Int32(truncatingIfNeeded: k); filled += 1; k -= 1; continue }
            var lo = k
            while lo - 1 >= range.lowerBound && event[lo - 1] && stop[lo - 1] == stop[k] { lo -= 1 }
            if lo == k {
                sortStop[filled] = Int32(truncatingIfNeeded: k)
            } else {
                runFirst.append(lo)
                runLast.append(k)
                runNext.append(filled)
            }
            filled += k - lo + 1
            k = lo - 1
        }
        if runFirst.isEmpty { return sortStop }
        runFirst.withUnsafeBufferPointer { first in
            for r32 in byX {
                let r = Int(r32)
                if !event[r] { continue }
                // the first run (first rows descending) whose first row is <= r: a binary
                // search without branches on the comparisons
                var base = 0, count = first.count
                while count > 1 {
                    let half = count / 2
                    base = first[base + half] > r ? base + half : base
                    count -= half
                }
                let g = base + (first[base] > r ? 1 : 0)
                if g == first.count || r > runLast[g] { continue }  // a death with no tie
                sortStop[runNext[g]] = r32
                runNext[g] += 1
            }
        }
        return sortStop
    }

    /// The computation on rows already grouped by stratum (`strataRanges`) and, within a
    /// stratum, sorted by ascending stop time with events before censorings at a time.
    /// `weight` nil means every weight is 1 (no array of ones). `x` is consumed: freed once ranked.
    /// `blockBits` forces the blocked sweep with blocks of 2^blockBits ranks (tests); nil chooses.
    /// With `threads` > 1 a stratum of at least `parallelRows` rows with up to 65,536 ranks is
    /// swept on two threads, in rounds of about `roundRows` rows, with the same result to the bit
    /// (see `sweep`). Unweighted right-censored strata are counted by `UnitWeightStratum` when it
    /// pays (the same numbers), unless `countUnitWeights` is false (tests).
    static func compute(stop: [Double], start: [Double]?, event: [Bool], x: consuming [Double], weight: [Double]?,
                        strataRanges: [Range<Int>], cluster: [Int32]?, clusterCount: Int,
                        reverse: Bool, blockBits: Int? = nil, threads: Int = 1,
                        parallelRows: Int = parallelSweepRows, roundRows: Int = sweepRoundRows,
                        countUnitWeights: Bool = true) -> CoxConcordance {
        let n = stop.count
        let weight = RowWeights(weight)
        var pairs = PairCounts()
        // per row: influence on the concordant, discordant and tied-on-x counts, interleaved
        // (allocated after the first stratum's orders, whose scratch is then freed)
        var influence: [Double] = []
        var rank = [Int32](repeating: 0, count: n)
        var position: [Int32] = []                          // blocked sweeps only (allocated there)
        // x is needed only for the ranks: freed after the last stratum's (which may be the caller's
        // last copy)
        let lastRanked = strataRanges.lastIndex { range in range.contains { event[$0] } }
        for (stratum, range) in strataRanges.enumerated() {
            if !range.contains(where: { event[$0] }) { continue }
            // The stratum's rows by ascending x, equal x by descending row (the order in which
            // tied deaths are visited below), and the ranks of x; the rows by x are needed
            // after the sweep order only by a blocked sweep.
            var (byX, ranks) = ranks(of: x, in: range, into: &rank)
            if stratum == lastRanked { x = [] }
            if countUnitWeights && blockBits == nil && start == nil && weight.values == nil && n <= unitWeightRowLimit,
               var counted = UnitWeightStratum(range: range, ranks: ranks, rank: rank, stop: stop, event: event) {
                counted.add(to: &pairs)
                if strataRanges.count == 1 && range == 0..<n {
                    // one stratum: each row's influence given in turn, no array of them
                    return finish(pairs, n: n, weight: weight, cluster: cluster, clusterCount: clusterCount,
                                  reverse: reverse) { k in counted.influence(of: k, rank: Int(rank[k])) }
                }
                if influence.isEmpty { influence = [Double](repeating: 0, count: 3 * n) }
                counted.write(rank: rank, into: &influence)
                continue
            }
            let sortStop = sweepOrder(range, byX: byX, stop: stop, event: event)
            if blockBits == nil && ranks <= 1 << 16 { byX = [] }
            if influence.isEmpty { influence = [Double](repeating: 0, count: 3 * n) }
            var sortStart: [Int32]? = nil
            if let start {
                struct StartKey { var start: Double; var row: Int }
                var keys = range.map { StartKey(start: start[$0], row: $0) }
                keys.sort { $0.start > $1.start || ($0.start == $1.start && $0.row < $1.row) }
                sortStart = keys.map { Int32(truncatingIfNeeded: $0.row) }
            }
            sweep(range: range, byX: byX, ranks: ranks, rank: rank, sortStop: sortStop, sortStart: sortStart,
                  stop: stop, start: start, event: event, weight: weight, influence: &influence, counts: &pairs,
                  position: &position, blockBits: blockBits, threads: threads, parallelRows: parallelRows,
                  roundRows: roundRows)
        }
        if influence.isEmpty { influence = [Double](repeating: 0, count: 3 * n) }
        return influence.withUnsafeBufferPointer { inf in
            finish(pairs, n: n, weight: weight, cluster: cluster, clusterCount: clusterCount, reverse: reverse) { k in
                (inf[3 * k], inf[3 * k + 1], inf[3 * k + 2])
            }
        }
    }

    /// The concordance, its standard error and the counts from the pair counts and each row's
    /// influence (concordant, discordant, tied on x), which `influence` gives for k = 0, 1, ...
    /// in turn.
    static func finish(_ pairs: PairCounts, n: Int, weight: RowWeights, cluster: [Int32]?, clusterCount: Int,
                       reverse: Bool, influence: (Int) -> (Double, Double, Double)) -> CoxConcordance {
        var count = pairs.values
        count[3] -= count[4]
        let npair = count[0] + count[1] + count[2]
        var concordance: Double? = nil
        var se: Double? = nil
        if npair > 0 {
            let somer = (count[0] - count[1]) / npair
            var variance = 0.0
            if let cluster {
                var sums = [Double](repeating: 0, count: clusterCount)
                for k in 0..<n {
                    let (i0, i1, i2) = influence(k)
                    sums[Int(cluster[k])] += weight[k] * ((i0 - i1) / npair - (somer / npair) * (i0 + i1 + i2))
                }
                for s in sums { variance += s * s }
            } else {
                for k in 0..<n {
                    let (i0, i1, i2) = influence(k)
                    let d = weight[k] * ((i0 - i1) / npair - (somer / npair) * (i0 + i1 + i2))
                    variance += d * d
                }
            }
            let c = (somer + 1) / 2
            concordance = reverse ? 1 - c : c
            se = (variance / 4).squareRoot()
        }
        return CoxConcordance(concordance: concordance, standardError: se,
                              concordant: reverse ? count[1] : count[0],
                              discordant: reverse ? count[0] : count[1],
                              tiedX: count[2], tiedY: count[3], tiedXY: count[4])
    }
}
