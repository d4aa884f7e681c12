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
    /// Case weights in sorted order (all 1 when none were given).
    let weight: [Double]
    /// True when the caller supplied case weights.
    let hasWeights: Bool
    /// Row ranges of each stratum in sorted order (one range when unstratified).
    let strataRanges: [Range<Int>]
    /// The caller's covariate columns, indexed by input row (`inputRow` maps sorted rows there).
    let columns: [[Double]]
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
            // Codes in ascending order of the stratum values: a table over a small value range,
            // a dictionary otherwise.
            var lo = Int.max, hi = Int.min
            for r in rows { lo = min(lo, strata[r]); hi = max(hi, strata[r]) }
            let span = hi.subtractingReportingOverflow(lo)
            if !rows.isEmpty && !span.overflow && span.partialValue < 4 * rows.count + 1024 {
                var code = [Int](repeating: -1, count: hi - lo + 1)
                for r in rows { code[strata[r] - lo] = 0 }
                var next = 0
                for k in code.indices where code[k] == 0 { code[k] = next; next += 1 }
                denseStrata = rows.map { code[strata[$0] - lo] }
            } else {
                let levels = Array(Set(rows.map { strata[$0] })).sorted()
                var code: [Int: Int] = [:]
                for (k, v) in levels.enumerated() { code[v] = k }
                denseStrata = rows.map { code[strata[$0]]! }
            }
        } else {
            denseStrata = []
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
        var ranges = rows.isEmpty ? [] : [0..<rows.count]
        if strata != nil {
            let stratumCount = (denseStrata.max() ?? -1) + 1
            let parts = SurvivalTimeOrder.partition(order, codes: denseStrata, codeCount: stratumCount)
            order = parts.order
            if stratumCount > 1 {
                ranges = (0..<stratumCount).map { parts.starts[$0]..<parts.starts[$0 + 1] }.filter { !$0.isEmpty }
            }
        }
        let n = rows.count
        self.n = n
        self.p = p
        self.isCounting = entry != nil
        let sortedRows = order.map { rows[$0] }
        self.inputRow = sortedRows
        self.stop = order.map { stopAll[$0] }
        self.event = order.map { eventAll[$0] }
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
        self.columns = covariates
        self.strataRanges = ranges
        if let cluster {
            var dense = [Int](repeating: 0, count: n)
            var count = 0
            let lo = inputRow.lazy.map { cluster[$0] }.min() ?? 0
            let hi = inputRow.lazy.map { cluster[$0] }.max() ?? 0
            let span = hi.subtractingReportingOverflow(lo)
            if !span.overflow && span.partialValue <= 4 * n + 1024 {
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

    /// The raw covariates in sorted order, row-major: `x[i * p + j]` is column j at sorted row i.
    /// With `threads` > 1, parts of the rows are gathered side by side (the same values).
    func gatheredX(threads: Int = 1) -> [Double] {
        let n = self.n, p = self.p
        return [Double](unsafeUninitializedCapacity: n * p) { buffer, count in
            let out = buffer                                // each part writes its own rows
            inputRow.withUnsafeBufferPointer { rowOf in
                ParallelChunks.forEach(count: n, threads: threads) { rows in
                    for j in 0..<p {
                        columns[j].withUnsafeBufferPointer { col in
                            for i in rows { out[i * p + j] = col[rowOf[i]] }
                        }
                    }
                }
            }
            count = n * p
        }
    }
}
