/// A dense grid of integer-valued times, for the counting-sort fast paths of `KaplanMeier` and
/// `LogRankTest` (follow-up in whole days is the common case).
///
/// When every time is an integer and the range `max - min + 1` is small compared with n, rows can
/// be aggregated per (group, time) bucket in one sequential pass instead of being sorted. Counts
/// are exact integers, so results are bit-identical to the sorting path for unweighted data.
struct SurvivalTimeBuckets {
    /// The smallest time; bucket b holds time `lowest + b`.
    let lowest: Double
    /// Number of buckets (`max - min + 1`).
    let count: Int

    /// The grid for `times`, or nil when a time is not an integer, exceeds 2^52 in magnitude, or
    /// the range is larger than `maxBuckets`.
    init?(_ times: [Double], maxBuckets: Int) {
        guard let first = times.first else { return nil }
        var lo = first, hi = first
        var integral = true
        times.withUnsafeBufferPointer { p in
            for t in p {
                if t < lo { lo = t }
                if t > hi { hi = t }
                if !SurvivalTimeRange.isInteger(t) { integral = false; break }
            }
        }
        guard integral, lo.magnitude < 0x1p52, hi.magnitude < 0x1p52 else { return nil }
        let range = hi - lo + 1
        guard range <= Double(maxBuckets) else { return nil }
        lowest = lo == 0 ? 0 : lo
        count = Int(range)
    }

    /// The grid for times summarized by `range` (see `init?(_:maxBuckets:)`).
    init?(_ range: SurvivalTimeRange, maxBuckets: Int) {
        let lo = range.lowest, hi = range.highest
        guard range.count > 0, range.isIntegral, lo.magnitude < 0x1p52, hi.magnitude < 0x1p52 else { return nil }
        let span = hi - lo + 1
        guard span <= Double(maxBuckets) else { return nil }
        lowest = lo == 0 ? 0 : lo
        count = Int(span)
    }

    /// Bucket of a time on the grid.
    @inline(__always)
    func bucket(_ t: Double) -> Int { Int(t - lowest) }
}

/// The smallest and largest of some finite times and whether all are integers: one scan that
/// answers the time-fix fast exit (`TimeFix.cannotMerge`), the curve origin and the
/// counting-sort grid (`SurvivalTimeBuckets`) at once.
struct SurvivalTimeRange {
    /// Number of times scanned.
    var count = 0
    /// The smallest time (+infinity when there are none).
    var lowest = Double.infinity
    /// The largest time (-infinity when there are none).
    var highest = -Double.infinity
    /// True when every time is an integer.
    var isIntegral = true

    /// Adds one finite time.
    @inline(__always)
    mutating func add(_ t: Double) {
        count += 1
        if t < lowest { lowest = t }
        if t > highest { highest = t }
        if isIntegral && !Self.isInteger(t) { isIntegral = false }
    }

    /// True when the finite `t` is an integer: `|t| + 2^52 - 2^52` rounds |t| to the nearest
    /// integer exactly when |t| < 2^52, and every double from 2^52 up is an integer. The same
    /// answer as `t.rounded(.towardZero) == t` without a call to `trunc` (baseline x86-64 has
    /// no rounding instruction), which matters in scans over millions of times.
    @inline(__always)
    static func isInteger(_ t: Double) -> Bool {
        let a = t.magnitude
        return a >= 0x1p52 || (a + 0x1p52) - 0x1p52 == a
    }
}
