extension CoxConcordance {
    /// Rows up to which `UnitWeightStratum` may count: every pair count stays below 2^53 (n^2 / 2
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
    /// (which the run's own deaths and the censored rows before the next run ask). Those
    /// cumulative counts are kept per run, and the final question (every row to all the deaths)
    /// is answered from the stratum's deaths, so each row's influence can be given afterwards,
    /// in row order, without an array of them (`influence(of:)`).
    struct UnitWeightStratum {
        let range: Range<Int>
        /// Cumulative counts have `size` entries: ranks 1...ranks, the last the total.
        let size: Int
        /// The runs of deaths, ascending: first and last rows.
        private(set) var runFirst: [Int] = [], runLast: [Int] = []
        /// Per run, `size` entries each (run a at a * size): the rows at risk at ranks below r
        /// before the run, and the deaths at ranks below r after it.
        private(set) var atRiskBefore: [Int32] = [], deadAfter: [Int32] = []
        /// The stratum's deaths at ranks below r.
        private var finalBelow: [Int32]
        /// Pair counts: concordant, discordant, tied on x, tied on time, tied on both.
        private(set) var counts = [Int](repeating: 0, count: 5)
        /// The next run at or after the last row asked about (`influence(of:)`).
        private var nextRun = 0

        /// Counts the stratum `range` (ranks 1...ranks by row in `rank`), or nil, doing little,
        /// when the runs of deaths times the ranks exceed its rows (the kept cumulative counts
        /// then cost more than they save).
        init?(range: Range<Int>, ranks: Int, rank: [Int32], stop: [Double], event: [Bool]) {
            var runs = 0
            for r in range where event[r] && !(r > range.lowerBound && event[r - 1] && stop[r - 1] == stop[r]) { runs += 1 }
            let size = ranks + 2
            let work = runs.multipliedReportingOverflow(by: size)
            guard !work.overflow, work.partialValue <= range.count else { return nil }
            self.range = range
            self.size = size

            /// cumulative[r] = the count at ranks below r.
            func accumulate(_ count: [Int], into cumulative: inout [Int32], at base: Int) {
                var s = 0
                for r in 0..<(size - 1) { cumulative[base + r] = Int32(truncatingIfNeeded: s); s += count[r] }
                cumulative[base + size - 1] = Int32(truncatingIfNeeded: s)
            }
            var atRisk = [Int](repeating: 0, count: size)
            var dead = [Int](repeating: 0, count: size)
            var runDeaths = [Int](repeating: 0, count: size)
            finalBelow = [Int32](repeating: 0, count: size)
            for r in range where event[r] { dead[Int(rank[r])] += 1 }
            accumulate(dead, into: &finalBelow, at: 0)
            for r in 0..<size { dead[r] = 0 }
            // Filled from the last run back: run a (ascending) is slot runs - 1 - a.
            runFirst = [Int](repeating: 0, count: runs)
            runLast = [Int](repeating: 0, count: runs)
            atRiskBefore = [Int32](repeating: 0, count: runs * size)
            deadAfter = [Int32](repeating: 0, count: runs * size)
            var c = [Int](repeating: 0, count: 5)
            var slot = runs
            var k = range.upperBound - 1
            while k >= range.lowerBound {
                if !event[k] {
                    atRisk[Int(rank[k])] += 1
                    k -= 1
                    continue
                }
                var lo = k
                while lo > range.lowerBound && event[lo - 1] && stop[lo - 1] == stop[k] { lo -= 1 }
                slot -= 1
                runFirst[slot] = lo
                runLast[slot] = k
                let base = slot * size
                accumulate(atRisk, into: &atRiskBefore, at: base)
                let total = Int(atRiskBefore[base + size - 1])
                let d = k - lo + 1
                c[3] += d * (d - 1) / 2
                for j in lo...k {
                    let r = Int(rank[j])
                    c[4] += runDeaths[r]                    // earlier deaths of the run at this rank
                    runDeaths[r] += 1
                    dead[r] += 1
                    let below = Int(atRiskBefore[base + r]), at = Int(atRiskBefore[base + r + 1]) - below
                    c[0] += total - below - at
                    c[1] += below
                    c[2] += at
                }
                accumulate(dead, into: &deadAfter, at: base)
                for j in lo...k {
                    let r = Int(rank[j])
                    runDeaths[r] = 0
                    atRisk[r] += 1
                }
                k = lo - 1
            }
            counts = c
        }

        /// The influence of `row` (concordant, discordant, tied on x) as `sweep` adds it up: its
        /// own answers (a death), minus the deaths' answers when it joined the risk set, plus
        /// the final answers. Rows must be asked about in ascending order.
        mutating func influence(of row: Int, rank: Int) -> (Double, Double, Double) {
            while nextRun < runLast.count && runLast[nextRun] < row { nextRun += 1 }
            let a = nextRun
            var own = (0, 0, 0)
            var below = 0, at = 0, total = 0                // the deaths when it joined: none above every run
            if a < runLast.count {
                let base = a * size
                if runFirst[a] <= row {                     // a death of run a
                    let b = Int(atRiskBefore[base + rank]), t = Int(atRiskBefore[base + rank + 1]) - b
                    own = (Int(atRiskBefore[base + size - 1]) - b - t, b, t)
                }
                below = Int(deadAfter[base + rank])
                at = Int(deadAfter[base + rank + 1]) - below
                total = Int(deadAfter[base + size - 1])
            }
            let fBelow = Int(finalBelow[rank]), fAt = Int(finalBelow[rank + 1]) - fBelow
            let fTotal = Int(finalBelow[size - 1])
            return (Double(own.0 - below + fBelow),
                    Double(own.1 - (total - below - at) + (fTotal - fBelow - fAt)),
                    Double(own.2 - at + fAt))
        }

        /// Writes every row's influence (a stratum of several; influence starts at 0 there).
        mutating func write(rank: [Int32], into influence: inout [Double]) {
            nextRun = 0
            for row in range {
                let (i0, i1, i2) = self.influence(of: row, rank: Int(rank[row]))
                influence[3 * row] = i0
                influence[3 * row + 1] = i1
                influence[3 * row + 2] = i2
            }
        }

        /// Adds the pair counts.
        func add(to pairs: inout PairCounts) {
            for t in 0..<5 { pairs.values[t] += Double(counts[t]) }
        }
    }
}
