/// Stable ascending sort permutations of survival times in linear time.
///
/// Kaplan–Meier, log-rank and time fixing all start by ordering the rows by time. R uses
/// `order()`, which is stable; so is this: rows with equal times keep their input order, so
/// running sums accumulate in the same order as in R's C code.
///
/// Integer times on a range of at most max(n, 2^16) values (follow-up in days) are placed by one
/// counting sort: a histogram pass and a scatter pass, with no key arrays (this is what keeps
/// the Cox fit's sort at 10^7 rows to the one output array). Otherwise the sort is an LSD radix
/// sort on 64-bit keys with 11-bit digits. Integer-valued times are keyed
/// by `time - min`, so follow-up in days needs one or two passes; other finite doubles are keyed by
/// their IEEE-754 bit pattern mapped to an order-preserving unsigned integer (at most six passes).
/// `-0.0` and `0.0` get the same key. Inputs must be finite (callers validate first).
enum SurvivalTimeOrder {
    /// Below this size a comparison sort is faster than setting up the radix passes.
    private static let smallInput = 64
    private static let digitBits = 11

    /// The stable ascending permutation of `values` (row indices). `values` must be finite.
    static func ascending(_ values: [Double]) -> [Int] {
        values.withUnsafeBufferPointer { v in
            if let sorted = countingSort(v.count, key: { v[$0] }, row: { $0 }) { return sorted }
            return sort(values, order: Array(0..<values.count))
        }
    }

    /// The rows of `sequence` (indices into `values`) stably sorted by their values: rows with
    /// equal values keep their order in `sequence`. This is the building block of sorts on
    /// several keys (sort by the least significant key first). `values` must be finite.
    static func ascending(_ values: [Double], startingFrom sequence: [Int]) -> [Int] {
        let n = sequence.count
        if n == 0 { return [] }
        let counted = values.withUnsafeBufferPointer { v in
            sequence.withUnsafeBufferPointer { s in
                countingSort(n, key: { v[s[$0]] }, row: { s[$0] })
            }
        }
        if let counted { return counted }
        let gathered = [Double](unsafeUninitializedCapacity: n) { buf, count in
            for i in 0..<n { buf[i] = values[sequence[i]] }
            count = n
        }
        return sort(gathered, order: sequence)
    }

    /// The rows `row(0..<n)` stably sorted by the keys `key(0..<n)` with one counting sort, when
    /// every key is an integer and they span at most max(n, 2^16) values; nil otherwise (and for
    /// small n). Keys must be finite.
    @inline(__always)
    private static func countingSort(_ n: Int, key: (Int) -> Double, row: (Int) -> Int) -> [Int]? {
        if n < smallInput { return nil }
        var range = SurvivalTimeRange()
        for i in 0..<n {
            range.add(key(i))
            if !range.isIntegral { return nil }
        }
        guard let grid = SurvivalTimeBuckets(range, maxBuckets: max(n, 1 << 16)) else { return nil }
        var next = [Int](repeating: 0, count: grid.count + 1)
        return next.withUnsafeMutableBufferPointer { start in
            for i in 0..<n { start[grid.bucket(key(i)) + 1] += 1 }
            for b in 0..<grid.count { start[b + 1] += start[b] }
            return [Int](unsafeUninitializedCapacity: n) { out, count in
                for i in 0..<n {
                    let b = grid.bucket(key(i))
                    out[start[b]] = row(i)
                    start[b] += 1
                }
                count = n
            }
        }
    }

    /// Sorts `order` (one row per entry of `values`, `values[i]` the key of `order[i]`) stably.
    private static func sort(_ values: [Double], order initial: [Int]) -> [Int] {
        let n = values.count
        if n == 0 { return [] }
        if n < smallInput {
            return (0..<n).sorted { a, b in
                let x = values[a], y = values[b]
                return x < y || (x == y && a < b)
            }.map { initial[$0] }
        }
        var keys = orderedKeys(values)
        var maxKey: UInt64 = 0
        for k in keys where k > maxKey { maxKey = k }
        let bits = maxKey == 0 ? 0 : 64 - maxKey.leadingZeroBitCount
        var order = initial
        if bits == 0 { return order }
        var keyScratch = [UInt64](repeating: 0, count: n)
        var orderScratch = [Int](repeating: 0, count: n)
        let buckets = 1 << digitBits
        let mask = UInt64(buckets - 1)
        var counts = [Int](repeating: 0, count: buckets)
        var shift = 0
        while shift < bits {
            keys.withUnsafeMutableBufferPointer { k in
                order.withUnsafeMutableBufferPointer { o in
                    keyScratch.withUnsafeMutableBufferPointer { k2 in
                        orderScratch.withUnsafeMutableBufferPointer { o2 in
                            counts.withUnsafeMutableBufferPointer { c in
                                for b in 0..<buckets { c[b] = 0 }
                                for i in 0..<n { c[Int((k[i] >> UInt64(shift)) & mask)] += 1 }
                                var total = 0
                                for b in 0..<buckets {
                                    let t = c[b]
                                    c[b] = total
                                    total += t
                                }
                                for i in 0..<n {
                                    let d = Int((k[i] >> UInt64(shift)) & mask)
                                    let p = c[d]
                                    c[d] = p + 1
                                    k2[p] = k[i]
                                    o2[p] = o[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keyScratch)
            swap(&order, &orderScratch)
            shift += digitBits
        }
        return order
    }

    /// Stable partition of an ordering by a dense code in `0..<codeCount`: the rows of code `c`
    /// are `order[starts[c]..<starts[c + 1]]`, still in their original relative order (so each
    /// part stays sorted by time). Codes must be valid (callers validate first).
    static func partition<Code: BinaryInteger>(_ order: [Int], codes: [Code], codeCount: Int) -> (order: [Int], starts: [Int]) {
        if codeCount <= 1 { return (order, [0, order.count]) }
        var starts = [Int](repeating: 0, count: codeCount + 1)
        for r in order { starts[Int(codes[r]) + 1] += 1 }
        for c in 0..<codeCount { starts[c + 1] += starts[c] }
        var next = starts
        var out = [Int](repeating: 0, count: order.count)
        for r in order {
            let c = Int(codes[r])
            out[next[c]] = r
            next[c] += 1
        }
        return (out, starts)
    }

    /// Order-preserving unsigned keys, shifted so that the smallest is zero.
    private static func orderedKeys(_ values: [Double]) -> [UInt64] {
        var lo = Double.infinity, hi = -Double.infinity
        var integral = true
        for v in values {
            if v < lo { lo = v }
            if v > hi { hi = v }
            if integral && !SurvivalTimeRange.isInteger(v) { integral = false }
        }
        let n = values.count
        // Dense integer keys when the range fits comfortably in 2^52 (exact in Double).
        if integral && hi - lo < 4_503_599_627_370_496 {
            return [UInt64](unsafeUninitializedCapacity: n) { buf, count in
                for i in 0..<n { buf[i] = UInt64(values[i] - lo) }
                count = n
            }
        }
        let base = orderedBits(lo)
        var common: UInt64 = 0
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buf, count in
            for i in 0..<n {
                let k = orderedBits(values[i]) &- base
                buf[i] = k
                common |= k
            }
            count = n
        }
        // Times with few significant bits (e.g. halves of days) share trailing zero bits in every
        // key; dropping them keeps the order and saves radix passes.
        let shift = UInt64(common == 0 ? 0 : common.trailingZeroBitCount)
        if shift > 0 {
            keys.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i] >>= shift } }
        }
        return keys
    }

    /// Maps a finite double to an unsigned integer with the same order (`-0.0` as `0.0`).
    @inline(__always)
    static func orderedBits(_ v: Double) -> UInt64 {
        let x = v == 0 ? 0.0 : v
        let b = x.bitPattern
        return (b & (1 << 63)) != 0 ? ~b : b | (1 << 63)
    }
}
