import Foundation

/// The rows a Cox fit uses, validated and sorted once: by stratum, then ascending stop time,
/// deaths before censorings within a time, then input order.
///
/// Everything downstream (the Newton–Raphson accumulations, score residuals, concordance and
/// cox.zph) walks these arrays, so sorting happens exactly once per fit. Covariates are stored
/// raw (uncentred), row-major: `x[i * p + j]`.
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
    /// Case weights in sorted order (all 1 when none were given).
    let weight: [Double]
    /// True when the caller supplied case weights.
    let hasWeights: Bool
    /// Dense stratum codes 0..<strataCount in sorted order.
    let stratum: [Int]
    /// Row ranges of each stratum in sorted order.
    let strataRanges: [Range<Int>]
    /// Raw covariates, row-major, sorted order.
    let x: [Double]
    /// Dense cluster codes 0..<clusterCount in sorted order, when clusters were given.
    let cluster: [Int]?
    /// Number of distinct clusters.
    let clusterCount: Int
    /// For each sorted position, the caller's row index.
    let inputRow: [Int]

    /// Builds a design from validated columns (all of length `rows.count`, already filtered).
    init(rows: [Int], time: [Double], event: [Bool], entry: [Double]?, covariates: [[Double]],
         strata: [Int]?, weights: [Double]?, cluster: [Int]?) {
        let p = covariates.count
        let denseStrata: [Int]
        if let strata {
            let levels = Array(Set(rows.map { strata[$0] })).sorted()
            var code: [Int: Int] = [:]
            for (k, v) in levels.enumerated() { code[v] = k }
            denseStrata = rows.map { code[strata[$0]]! }
        } else {
            denseStrata = [Int](repeating: 0, count: rows.count)
        }
        let stopAll = rows.map { time[$0] }
        let eventAll = rows.map { event[$0] }
        // Stable radix passes, least significant key first: input order, deaths before
        // censorings, stop time, stratum.
        var deathsFirst: [Int] = []
        deathsFirst.reserveCapacity(rows.count)
        for k in rows.indices where eventAll[k] { deathsFirst.append(k) }
        for k in rows.indices where !eventAll[k] { deathsFirst.append(k) }
        var order = SurvivalTimeOrder.ascending(stopAll, startingFrom: deathsFirst)
        if strata != nil {
            let stratumCount = (denseStrata.max() ?? -1) + 1
            order = SurvivalTimeOrder.partition(order, codes: denseStrata, codeCount: stratumCount).order
        }
        let n = rows.count
        self.n = n
        self.p = p
        self.isCounting = entry != nil
        let sortedRows = order.map { rows[$0] }
        self.inputRow = sortedRows
        self.stop = order.map { stopAll[$0] }
        self.event = order.map { eventAll[$0] }
        self.stratum = strata == nil ? denseStrata : order.map { denseStrata[$0] }
        if let entry {
            self.start = inputRow.map { entry[$0] }
        } else {
            self.start = []
        }
        if let weights {
            self.weight = inputRow.map { weights[$0] }
            self.hasWeights = true
        } else {
            self.weight = [Double](repeating: 1, count: n)
            self.hasWeights = false
        }
        // Gathered column by column: each pass reads one covariate at the sorted rows.
        self.x = [Double](unsafeUninitializedCapacity: n * p) { out, count in
            sortedRows.withUnsafeBufferPointer { rowOf in
                for j in 0..<p {
                    covariates[j].withUnsafeBufferPointer { col in
                        for i in 0..<n { out[i * p + j] = col[rowOf[i]] }
                    }
                }
            }
            count = n * p
        }
        var ranges: [Range<Int>] = []
        var lo = 0
        while lo < n {
            var hi = lo + 1
            while hi < n && stratum[hi] == stratum[lo] { hi += 1 }
            ranges.append(lo..<hi)
            lo = hi
        }
        self.strataRanges = ranges
        if let cluster {
            var dense = [Int](repeating: 0, count: n)
            var count = 0
            let lo = inputRow.lazy.map { cluster[$0] }.min() ?? 0
            let hi = inputRow.lazy.map { cluster[$0] }.max() ?? 0
            if hi - lo <= 4 * n + 1024 {
                // small code range: table lookup instead of hashing
                var table = [Int](repeating: -1, count: hi - lo + 1)
                for i in 0..<n {
                    let c = cluster[inputRow[i]] - lo
                    if table[c] < 0 { table[c] = count; count += 1 }
                    dense[i] = table[c]
                }
            } else {
                var code: [Int: Int] = [:]
                for i in 0..<n {
                    let c = cluster[inputRow[i]]
                    if let k = code[c] { dense[i] = k } else { code[c] = count; dense[i] = count; count += 1 }
                }
            }
            self.cluster = dense
            self.clusterCount = count
        } else {
            self.cluster = nil
            self.clusterCount = 0
        }
    }

    /// True when sorted row `i` is the last of its stratum.
    @inline(__always) func isStratumLast(_ i: Int) -> Bool {
        i == n - 1 || stratum[i + 1] != stratum[i]
    }
}
