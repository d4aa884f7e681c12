extension CoxConcordance {
    /// Ranks of `x` over the rows in `range` (1-based; equal values, exact equality, share a
    /// rank) written into `rank`; the rows ordered by ascending x, equal x by descending row
    /// (`byX`); and the number of ranks. Rows and ranks are 32-bit (a fit has fewer than 2^31 rows).
    ///
    /// A predictor with few distinct values (a linear predictor of a few categorical covariates)
    /// is ranked through a small hash table of its values and ordered by a counting sort, two
    /// passes over the rows; otherwise by a radix sort of the values.
    static func ranks(of x: [Double], in range: Range<Int>, into rank: inout [Int32]) -> (byX: [Int32], count: Int) {
        if let few = fewValueRanks(of: x, in: range, into: &rank) { return few }
        let sorted = SurvivalTimeOrder.ascending(x, startingFrom: Array(range.reversed()))
        var byX = [Int32](repeating: 0, count: sorted.count)
        var count = 0
        var previous = 0.0
        for (k, r) in sorted.enumerated() {
            if k == 0 || x[r] != previous { count += 1; previous = x[r] }
            rank[r] = Int32(truncatingIfNeeded: count)
            byX[k] = Int32(truncatingIfNeeded: r)
        }
        return (byX, count)
    }

    /// `ranks` when x takes at most `limit` distinct values (and no NaN); nil otherwise.
    private static func fewValueRanks(of x: [Double], in range: Range<Int>, into rank: inout [Int32],
                                      limit: Int = 4096) -> (byX: [Int32], count: Int)? {
        let bits = 13                                       // 8192 slots: at most half full
        let size = 1 << bits
        var values = [UInt64](repeating: 0, count: size)    // bit patterns, -0.0 stored as 0.0
        var used = [Bool](repeating: false, count: size)
        var distinct = 0
        for r in range {
            let v = x[r]
            if v.isNaN { return nil }
            let key = (v == 0 ? 0.0 : v).bitPattern
            var s = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
            while used[s] && values[s] != key { s = (s + 1) & (size - 1) }
            if !used[s] {
                if distinct == limit { return nil }
                used[s] = true
                values[s] = key
                distinct += 1
            }
            rank[r] = Int32(truncatingIfNeeded: s)          // the slot for now
        }
        var slotRank = [Int32](repeating: 0, count: size)
        let slots = (0..<size).filter { used[$0] }.sorted { Double(bitPattern: values[$0]) < Double(bitPattern: values[$1]) }
        for (k, s) in slots.enumerated() { slotRank[s] = Int32(truncatingIfNeeded: k + 1) }
        // Counting sort by rank; filling from the last row puts equal ranks in descending row order.
        var end = [Int](repeating: 0, count: distinct + 1)  // end[k]: one past the last position of rank k
        for r in range {
            let k = slotRank[Int(rank[r])]
            rank[r] = k
            end[Int(k)] += 1
        }
        for k in stride(from: 1, through: distinct, by: 1) { end[k] += end[k - 1] }
        var byX = [Int32](repeating: 0, count: range.count)
        for r in range {
            let k = Int(rank[r])
            end[k] -= 1
            byX[end[k]] = Int32(truncatingIfNeeded: r)
        }
        return (byX, distinct)
    }
}
