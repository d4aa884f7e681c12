/// The Wilcoxon rank-sum (Mann–Whitney) test of two independent samples, as R's
/// `wilcox.test(x, y)` with its defaults (two-sided, mu = 0, correct = TRUE, exact = NULL).
///
/// W = Σ ranks of x in the pooled sample − n_x(n_x+1)/2, the number of (x, y) pairs with x > y
/// (ties counting ½). As R decides: when both samples have fewer than 50 values and there are no
/// ties, the p-value is exact, 2·min(P(W ≤ w), P(W ≥ w)) capped at 1, from the null distribution
/// of W counted by recursion; otherwise it is the normal approximation with the tie-corrected
/// variance n_x n_y/12 · ((N+1) − Σ(t³−t)/(N(N−1))) and a continuity correction of ½ towards the
/// centre.
///
/// Edge behaviour: non-finite values are dropped first (as R does); an empty sample gives nil
/// (R stops with "not enough observations"). When every value is tied the variance is 0 and the
/// p-value is undefined: `pValue` is nil (R returns NaN).
public struct WilcoxonRankSumTest: Sendable, Equatable {
    /// W, R's `statistic`.
    public let statistic: Double
    /// The two-sided p-value, nil when undefined.
    public let pValue: Double?
    /// Whether the p-value is exact rather than the normal approximation.
    public let isExact: Bool
    /// Whether the pooled sample had ties.
    public let hasTies: Bool
    /// The sample sizes after dropping non-finite values.
    public let xCount: Int
    public let yCount: Int

    /// The largest n_x·n_y for which the exact null distribution is computed.
    public static let maxExactProduct = 10_000

    /// Runs the test. `exact` forces (true) or forbids (false) the exact p-value; nil is R's rule.
    /// As in R, ties always force the normal approximation. A forced exact p-value is honoured
    /// only while n_x·n_y ≤ `maxExactProduct` (the counting table grows like (n_x n_y)²/4);
    /// beyond it the normal approximation is used and `isExact` is false.
    public static func test(_ x: [Double], _ y: [Double], exact: Bool? = nil, correct: Bool = true) -> WilcoxonRankSumTest? {
        let xs = x.filter(\.isFinite), ys = y.filter(\.isFinite)
        guard !xs.isEmpty, !ys.isEmpty else { return nil }
        let pooled = xs + ys
        let ranks = Ranks.average(pooled)
        let nx = Double(xs.count), ny = Double(ys.count)
        let w = ranks[0..<xs.count].reduce(0, +) - nx * (nx + 1) / 2
        let ties = Set(pooled).count != pooled.count
        let useExact = (exact ?? (xs.count < 50 && ys.count < 50)) && !ties
            && xs.count * ys.count <= maxExactProduct
        if useExact {
            let distribution = MannWhitneyDistribution(m: xs.count, n: ys.count)
            let p = w > nx * ny / 2 ? distribution.cdf(w - 1, upper: true) : distribution.cdf(w, upper: false)
            return WilcoxonRankSumTest(statistic: w, pValue: min(2 * p, 1), isExact: true, hasTies: ties,
                                       xCount: xs.count, yCount: ys.count)
        }
        let total = nx + ny
        var z = w - nx * ny / 2
        let sigma = ((nx * ny / 12) * ((total + 1) - Ranks.tieCorrection(pooled) / (total * (total - 1)))).squareRoot()
        let correction = correct ? (z > 0 ? 0.5 : (z < 0 ? -0.5 : 0)) : 0
        z = (z - correction) / sigma
        let p: Double? = z.isNaN ? nil : 2 * min(Normal.cdf(z), Normal.sf(z))
        return WilcoxonRankSumTest(statistic: w, pValue: p, isExact: false, hasTies: ties,
                                   xCount: xs.count, yCount: ys.count)
    }
}

/// The null distribution of the Mann–Whitney count W for sample sizes m and n (R's `dwilcox` /
/// `pwilcox`): the number of arrangements with W = k satisfies
/// c(k; i, j) = c(k − j; i − 1, j) + c(k; i, j − 1), accumulated in doubles (only additions, so
/// relative error stays at rounding level even when the counts exceed 2^53).
struct MannWhitneyDistribution {
    let m: Int, n: Int
    /// counts[k] = number of arrangements with W = k, k = 0...mn.
    let counts: [Double]
    let total: Double

    init(m: Int, n: Int) {
        self.m = m; self.n = n
        // previous[j] holds the counts for (i − 1, j); current[j] for (i, j).
        var previous = [[Double]](repeating: [1], count: n + 1)
        if m > 0 {
            for i in 1...m {
                var current: [[Double]] = [[1]]
                if n > 0 {
                    for j in 1...n {
                        var row = [Double](repeating: 0, count: i * j + 1)
                        let fromPrevious = previous[j] // (i − 1, j), shifted by j
                        for (k, v) in fromPrevious.enumerated() { row[k + j] += v }
                        let fromLeft = current[j - 1] // (i, j − 1)
                        for (k, v) in fromLeft.enumerated() { row[k] += v }
                        current.append(row)
                    }
                }
                previous = current
            }
        }
        counts = previous[n]
        total = counts.reduce(0, +)
    }

    /// P(W ≤ q), or P(W > q) when `upper`, summing the shorter range as R's `pwilcox`.
    func cdf(_ q: Double, upper: Bool) -> Double {
        let mn = Double(m * n)
        let qq = (q + 1e-7).rounded(.down)
        if qq < 0 { return upper ? 1 : 0 }
        if qq >= mn { return upper ? 0 : 1 }
        var p = 0.0
        var lowerTail = !upper
        if qq <= mn / 2 {
            for i in 0...Int(qq) { p += counts[i] / total }
        } else {
            let r = Int(mn - qq)
            for i in 0..<r { p += counts[i] / total }
            lowerTail.toggle()
        }
        return lowerTail ? p : 0.5 - p + 0.5
    }
}
