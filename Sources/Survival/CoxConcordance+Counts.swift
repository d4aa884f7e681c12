extension CoxConcordance {
    /// Rows up to which `unitWeightSweep` may run: every pair count stays below 2^53 (n^2 / 2
    /// pairs at most), so each sum is an exact integer.
    static let unitWeightRowLimit = 1 << 26

    /// One stratum's sweep when every weight is 1 and there are no entry times, as counts of rows
    /// by rank instead of trees: the answers `sweep` gives are whole numbers below 2^53, exact in
    /// any order of addition, so counting them another way gives the same doubles (and never
    /// -0.0: every influence starts at +0.0 and is only added to).
    ///
    /// The rows are visited as `sweep` visits them, from the last row to the first, a censored row
    /// alone and a run of tied deaths (consecutive deaths at one time) together. Running counts
    /// by rank of the rows at risk and of the deaths are made cumulative once per run of deaths:
    /// before the run for the rows at risk (which the run's deaths ask), after it for the deaths
    /// (which the later censored rows and the run's own deaths ask). The final question (every row
    /// to all the deaths) is answered from the stratum's deaths counted beforehand, so each row's
    /// influence is written once.
    ///
    /// Runs only when the runs of deaths times the ranks stay within twice the stratum's rows (the
    /// cumulative counts then cost no more than the rows); returns false, doing nothing, otherwise.
    static func unitWeightSweep(range: Range<Int>, ranks: Int, rank: [Int32], stop: [Double], event: [Bool],
                                influence: inout [Double], counts: inout PairCounts) -> Bool {
        var runs = 0
        for r in range where event[r] && !(r > range.lowerBound && event[r - 1] && stop[r - 1] == stop[r]) { runs += 1 }
        let size = ranks + 2                                // ranks 1...ranks; cumulative[size - 1] is the total
        let work = runs.multipliedReportingOverflow(by: size)
        guard !work.overflow, work.partialValue <= 2 * range.count else { return false }

        /// cumulative[r] = the count at ranks below r.
        func accumulate(_ count: [Int], into cumulative: inout [Int]) {
            var s = 0
            for r in 0..<(size - 1) { cumulative[r] = s; s += count[r] }
            cumulative[size - 1] = s
        }
        var atRisk = [Int](repeating: 0, count: size)
        var dead = [Int](repeating: 0, count: size)
        var runDeaths = [Int](repeating: 0, count: size)
        var atRiskBelow = [Int](repeating: 0, count: size)
        var deadBelow = [Int](repeating: 0, count: size)
        var finalBelow = [Int](repeating: 0, count: size)
        for r in range where event[r] { dead[Int(rank[r])] += 1 }
        accumulate(dead, into: &finalBelow)
        for r in 0..<size { dead[r] = 0 }
        let finalTotal = finalBelow[size - 1]
        var c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0
        influence.withUnsafeMutableBufferPointer { inf in
            /// Writes a row's influence: its own answers (above, below, at) minus the deaths'
            /// answers when it joined the risk set, plus the final answers.
            @inline(__always) func write(_ row: Int, _ r: Int, own: (Int, Int, Int)) {
                let below = deadBelow[r], at = deadBelow[r + 1] - below, total = deadBelow[size - 1]
                let fBelow = finalBelow[r], fAt = finalBelow[r + 1] - fBelow
                inf[3 * row] = Double(own.0 - below + fBelow)
                inf[3 * row + 1] = Double(own.1 - (total - below - at) + (finalTotal - fBelow - fAt))
                inf[3 * row + 2] = Double(own.2 - at + fAt)
            }
            var k = range.upperBound - 1
            while k >= range.lowerBound {
                if !event[k] {
                    let r = Int(rank[k])
                    write(k, r, own: (0, 0, 0))
                    atRisk[r] += 1
                    k -= 1
                    continue
                }
                var lo = k
                while lo > range.lowerBound && event[lo - 1] && stop[lo - 1] == stop[k] { lo -= 1 }
                accumulate(atRisk, into: &atRiskBelow)
                let total = atRiskBelow[size - 1]
                let d = k - lo + 1
                c3 += d * (d - 1) / 2
                for j in lo...k {
                    let r = Int(rank[j])
                    c4 += runDeaths[r]                      // earlier deaths of the run at this rank
                    runDeaths[r] += 1
                    dead[r] += 1
                    let below = atRiskBelow[r], at = atRiskBelow[r + 1] - below
                    c0 += total - below - at
                    c1 += below
                    c2 += at
                }
                accumulate(dead, into: &deadBelow)
                for j in lo...k {
                    let r = Int(rank[j])
                    runDeaths[r] = 0
                    let below = atRiskBelow[r], at = atRiskBelow[r + 1] - below
                    write(j, r, own: (total - below - at, below, at))
                    atRisk[r] += 1
                }
                k = lo - 1
            }
        }
        counts.values[0] += Double(c0)
        counts.values[1] += Double(c1)
        counts.values[2] += Double(c2)
        counts.values[3] += Double(c3)
        counts.values[4] += Double(c4)
        return true
    }
}
