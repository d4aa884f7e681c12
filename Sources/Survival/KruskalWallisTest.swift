/// The Kruskal–Wallis rank-sum test that k samples come from the same distribution, as R's
/// `kruskal.test(x, g)` (and `kruskal.test(list)`).
///
/// With average ranks r over all N values and rank sums R_g over groups of size n_g,
/// H = (12/(N(N+1)) Σ R_g²/n_g − 3(N+1)) / (1 − Σ(t³−t)/(N³−N)) (ties corrected), df = k − 1,
/// p = `pchisq(H, k − 1, lower.tail = FALSE)`.
///
/// Edge behaviour: NaN values are dropped with their labels (R's `complete.cases`); groups are the
/// distinct labels that remain (an empty group cannot arise in this form, as with R's `factor`).
/// Fewer than two groups or fewer than two values give nil (R stops). When all values are tied,
/// H is 0/0: `statistic` is NaN and `pValue` nil (R returns NaN and NA).
public struct KruskalWallisTest: Sendable, Equatable {
    /// H, the tie-corrected statistic (NaN when every value is tied).
    public let statistic: Double
    public let degreesOfFreedom: Int
    /// The p-value, nil when undefined.
    public let pValue: Double?
    /// The number of groups and of values used.
    public let groupCount: Int
    public let valueCount: Int

    /// The test of `values` labelled by `groups` (same length; otherwise nil).
    public static func test<Label: Hashable>(values: [Double], groups: [Label]) -> KruskalWallisTest? {
        guard values.count == groups.count else { return nil }
        var index: [Label: Int] = [:]
        var kept: [Double] = [], group: [Int] = []
        for (v, g) in zip(values, groups) where !v.isNaN {
            let id = index[g] ?? index.count
            index[g] = id
            kept.append(v); group.append(id)
        }
        let k = index.count, n = kept.count
        guard k >= 2, n >= 2 else { return nil }
        let ranks = Ranks.average(kept)
        var sums = [Double](repeating: 0, count: k), sizes = [Double](repeating: 0, count: k)
        for (r, g) in zip(ranks, group) { sums[g] += r; sizes[g] += 1 }
        var s = 0.0
        for g in 0..<k { s += sums[g] * sums[g] / sizes[g] }
        let nn = Double(n)
        let h = (12 * s / (nn * (nn + 1)) - 3 * (nn + 1)) / (1 - Ranks.tieCorrection(kept) / (nn * nn * nn - nn))
        let p: Double? = h.isNaN ? nil : ChiSquared.sf(h, df: Double(k - 1))
        return KruskalWallisTest(statistic: h, degreesOfFreedom: k - 1, pValue: p, groupCount: k, valueCount: n)
    }

    /// The test of k samples given as separate arrays. A sample that is empty (after dropping NaN)
    /// gives nil, as R's `kruskal.test(list)` stops with "all groups must contain data".
    public static func test(samples: [[Double]]) -> KruskalWallisTest? {
        guard samples.allSatisfy({ $0.contains { !$0.isNaN } }) else { return nil }
        var values: [Double] = [], labels: [Int] = []
        for (g, sample) in samples.enumerated() {
            values += sample
            labels += Array(repeating: g, count: sample.count)
        }
        return test(values: values, groups: labels)
    }
}
