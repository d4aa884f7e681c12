import Foundation

/// The rows a Cox fit uses, validated and sorted once: by stratum, then ascending stop time,
/// deaths before censorings within a time, then input order.
///
/// Everything downstream (the Newton–Raphson accumulations, score residuals, concordance and
/// cox.zph) walks these arrays, so sorting happens exactly once per fit. The covariates stay in
/// the caller's columns (no copy); `gatheredX()` lays them out raw (uncentred), row-major in
/// sorted order, `x[i * p + j]`, for the passes that need them so.
struct CoxDesign: Sendable {
    /// Number of rows used.
    let n: Int
    /// Number of covariate columns.
    let p: Int
    /// True for `Surv(start, stop, event)` data.
    let isCounting: Bool
    /// Entry (start) times in sorted order; empty for right-censored data.
    let start: [Double]
    /// Stop (event or censoring) times in sorted order.
    let stop: [Double]
    /// Event indicators in sorted order.
    let event: [Bool]
    /// Case weights in sorted order (no array when none were given: every weight 1).
    let weight: RowWeights
    /// True when the caller supplied case weights.
    var hasWeights: Bool { weight.values != nil }
    /// Row ranges of each stratum in sorted order (one range when unstratified).
    let strataRanges: [Range<Int>]
    /// The caller's covariate columns, indexed by input row (`inputRow` maps sorted rows there).
    let columns: [CoxModel.Covariate.Column]
    /// Dense cluster codes 0..<clusterCount in sorted order, when clusters were given.
    let cluster: [Int32]?
    /// Number of distinct clusters.
    let clusterCount: Int
    /// For each sorted position, the caller's row index (32-bit: a fit has fewer than 2^31 rows).
    let inputRow: [Int32]

    /// Builds a design from validated columns (all of the caller's length): the rows `rows`
    /// (ascending input rows), or every row when `rows` is nil, which then needs no copy of the
    /// times and events to sort them.
    init(rows: [Int32]?, count: Int, time: [Double], event: [Bool], entry: [Double]?, covariates: [CoxModel.Covariate.Column],
         strata: [Int32]?, weights: [Double]?, cluster: [Int32]?) {
        let n = rows?.count ?? count
        @inline(__always) func input(_ k: Int) -> Int { rows.map { Int($0[k]) } ?? k }
        let denseStrata: [Int32]
        if let strata {
            // Codes in ascending order of the stratum values: a table over a small value range,
            // a dictionary otherwise. (Every code fits 32 bits: there are fewer strata than rows.)
            var lo = Int.max, hi = Int.min
            for k in 0..<n { lo = min(lo, Int(strata[input(k)])); hi = max(hi, Int(strata[input(k)])) }
            if n > 0 && hi - lo < 4 * n + 1024 {
                var code = [Int32](repeating: -1, count: hi - lo + 1)
                for k in 0..<n { code[Int(strata[input(k)]) - lo] = 0 }
                var next: Int32 = 0
                for k in code.indices where code[k] == 0 { code[k] = next; next += 1 }
                denseStrata = (0..<n).map { code[Int(strata[input($0)]) - lo] }
            } else {
                let levels = Array(Set((0..<n).map { strata[input($0)] })).sorted()
                var code: [Int32: Int32] = [:]
                for (k, v) in levels.enumerated() { code[v] = Int32(truncatingIfNeeded: k) }
                denseStrata = (0..<n).map { code[strata[input($0)]]! }
            }
        } else {
            denseStrata = []
        }
        // Unstratified integer times on a small range: one counting sort on (time, censored),
        // stable in input order, which also lays out the sorted times and events.
        if strata == nil, let sorted = CoxDesign.countingSort(n, time: { time[input($0)] }, event: { event[input($0)] },
                                                              row: { Int32(truncatingIfNeeded: input($0)) }) {
            self.init(inputRow: sorted.inputRow, stop: sorted.stop, event: sorted.event, ranges: n == 0 ? [] : [0..<n],
                      entry: entry, covariates: covariates, weights: weights, cluster: cluster)
            return
        }
        // Stable radix passes, least significant key first: input order, deaths before
        // censorings, stop time, stratum. (The kept rows' times and events: the caller's own
        // arrays when every row is kept.)
        var order: [Int] = {
            let stopAll = rows.map { r in r.map { time[Int($0)] } } ?? time
            let eventAll = rows.map { r in r.map { event[Int($0)] } } ?? event
            var deathsFirst: [Int] = []
            deathsFirst.reserveCapacity(n)
            for k in 0..<n where eventAll[k] { deathsFirst.append(k) }
            for k in 0..<n where !eventAll[k] { deathsFirst.append(k) }
            return SurvivalTimeOrder.ascending(stopAll, startingFrom: deathsFirst)
        }()
        var ranges = n == 0 ? [] : [0..<n]
        if strata != nil {
            let stratumCount = Int(denseStrata.max() ?? -1) + 1
            let parts = SurvivalTimeOrder.partition(order, codes: denseStrata, codeCount: stratumCount)
            order = parts.order
            if stratumCount > 1 {
                ranges = (0..<stratumCount).map { parts.starts[$0]..<parts.starts[$0 + 1] }.filter { !$0.isEmpty }
            }
        }
        let inputRow = order.map { Int32(truncatingIfNeeded: input($0)) }
        order = []
        self.init(inputRow: inputRow, stop: inputRow.map { time[Int($0)] }, event: inputRow.map { event[Int($0)] },
                  ranges: ranges, entry: entry, covariates: covariates, weights: weights, cluster: cluster)
    }

    /// The rest of `init(rows:...)` once the rows are sorted: `inputRow`, with their stop times
    /// and events in that order, and the strata's row ranges.
    private init(inputRow: [Int32], stop: [Double], event: [Bool], ranges: [Range<Int>], entry: [Double]?,
                 covariates: [CoxModel.Covariate.Column], weights: [Double]?, cluster: [Int32]?) {
        let n = inputRow.count
        self.n = n
        self.p = covariates.count
        self.isCounting = entry != nil
        self.inputRow = inputRow
        self.stop = stop
        self.event = event
        if let entry {
            self.start = inputRow.map { entry[Int($0)] }
        } else {
            self.start = []
        }
        self.weight = RowWeights(weights.map { w in inputRow.map { w[Int($0)] } })
        self.columns = covariates
        self.strataRanges = ranges
        if let cluster {
            var dense = [Int32](repeating: 0, count: n)
            var count: Int32 = 0
            let lo = Int(inputRow.lazy.map { cluster[Int($0)] }.min() ?? 0)
            let hi = Int(inputRow.lazy.map { cluster[Int($0)] }.max() ?? 0)
            if hi - lo <= 4 * n + 1024 {
                // small code range: table lookup instead of hashing
                var table = [Int32](repeating: -1, count: hi - lo + 1)
                for i in 0..<n {
                    let c = Int(cluster[Int(inputRow[i])]) - lo
                    if table[c] < 0 { table[c] = count; count += 1 }
                    dense[i] = table[c]
                }
            } else {
                var code: [Int32: Int32] = [:]
                for i in 0..<n {
                    let c = cluster[Int(inputRow[i])]
                    if let k = code[c] {
                        dense[i] = k
                    } else {
                        code[c] = count; dense[i] = count; count += 1
                    }
                }
            }
            self.cluster = dense
            self.clusterCount = Int(count)
        } else {
            self.cluster = nil
            self.clusterCount = 0
        }
    }

    /// The rows `0..<n` sorted by ascending time, deaths before censorings at a time, else in
    /// order, by one counting sort on `2 * (time - lowest) + (censored ? 1 : 0)`, with the sorted
    /// times and events laid out in the scatter pass; nil unless the times are integers on a
    /// range of at most max(n, 2^16) values (and n >= 64). `row` names each row in the result.
    private static func countingSort(_ n: Int, time: (Int) -> Double, event: (Int) -> Bool, row: (Int) -> Int32)
        -> (inputRow: [Int32], stop: [Double], event: [Bool])? {
        if n < 64 { return nil }
        var range = SurvivalTimeRange()
        for k in 0..<n {
            range.add(time(k))
            if !range.isIntegral { return nil }
        }
        guard let grid = SurvivalTimeBuckets(range, maxBuckets: max(n, 1 << 16)) else { return nil }
        @inline(__always) func key(_ k: Int) -> Int { 2 * grid.bucket(time(k)) + (event(k) ? 0 : 1) }
        var next = [Int](repeating: 0, count: 2 * grid.count + 1)
        return next.withUnsafeMutableBufferPointer { start in
            for k in 0..<n { start[key(k) + 1] += 1 }
            for b in 0..<(2 * grid.count) { start[b + 1] += start[b] }
            var stop = [Double](repeating: 0, count: n)
            var dead = [Bool](repeating: false, count: n)
            var rows = [Int32](repeating: 0, count: n)
            stop.withUnsafeMutableBufferPointer { stop in
                dead.withUnsafeMutableBufferPointer { dead in
                    rows.withUnsafeMutableBufferPointer { rows in
                        for k in 0..<n {
                            let t = time(k), e = event(k)
                            let b = 2 * grid.bucket(t) + (e ? 0 : 1)
                            let i = start[b]
                            start[b] = i + 1
                            rows[i] = row(k)
                            stop[i] = t
                            dead[i] = e
                        }
                    }
                }
            }
            return (rows, stop, dead)
        }
    }

    /// The raw covariates in sorted order, row-major: `x[i * p + j]` is column j at sorted row i.
    /// With `threads` > 1, parts of the rows are gathered side by side (the same values).
    func gatheredX(threads: Int = 1) -> [Double] {
        let n = self.n, p = self.p
        return [Double](unsafeUninitializedCapacity: n * p) { buffer, count in
            let out = buffer                                // each part writes its own rows
            inputRow.withUnsafeBufferPointer { rowOf in
                ParallelChunks.forEach(count: n, threads: threads) { rows in
                    for j in 0..<p {
                        columns[j].gather(rows, at: { Int(rowOf[$0]) }) { i, x in out[i * p + j] = x }
                    }
                }
            }
            count = n * p
        }
    }
}

/// Case weights by row, or none: every weight 1, with no array of ones (8 bytes a row saved
/// in the usual unweighted fit). A weight of 1 multiplies and adds as the literal 1, so the
/// sums are the same bits as with an explicit array of ones.
struct RowWeights: Sendable {
    /// The weights; nil when every weight is 1.
    let values: [Double]?

    init(_ values: [Double]?) { self.values = values }

    @inline(__always)
    subscript(_ i: Int) -> Double { values?[i] ?? 1 }

    /// Calls `body` with the weights through a pointer (none when every weight is 1).
    @inline(__always)
    func withPointer<R>(_ body: (WeightPointer) throws -> R) rethrows -> R {
        guard let values else { return try body(WeightPointer(base: nil)) }
        return try values.withUnsafeBufferPointer { try body(WeightPointer(base: $0.baseAddress)) }
    }
}

/// `RowWeights` read through a pointer in the hot loops: 1 for every row when `base` is nil.
struct WeightPointer {
    let base: UnsafePointer<Double>?

    @inline(__always)
    subscript(_ i: Int) -> Double { base.map { $0[i] } ?? 1 }
}
