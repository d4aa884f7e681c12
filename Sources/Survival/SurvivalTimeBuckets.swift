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
                if t.rounded(.towardZero) != t { integral = false; break }
            }
        }
        guard integral, lo.magnitude < 0x1p52, hi.magnitude < 0x1p52 else { return nil }
        let range = hi - lo + 1
        guard range <= Double(maxBuckets) else { return nil }
        lowest = lo == 0 ? 0 : lo
        count = Int(range)
    }

    /// Bucket of a time on the grid.
    @inline(__always)
    func bucket(_ t: Double) -> Int { Int(t - lowest) }
}
