/// A two-sided confidence interval for a binomial proportion x/n.
///
/// Two constructions, each matching an R call exactly:
/// - `wilson`: the Wilson score interval, `prop.test(x, n, correct = FALSE, conf.level)$conf.int`
///   (or, with `continuityCorrection: true`, R's default `prop.test(x, n)` interval, whose
///   correction is min(0.5, |x − n/2|) because prop.test centres it on its null p = 0.5);
/// - `clopperPearson`: the exact interval of `binom.test(x, n, conf.level)$conf.int`,
///   [qbeta(α/2, x, n−x+1), qbeta(1−α/2, x+1, n−x)] with the bound 0 at x = 0 and 1 at x = n.
///
/// Edge behaviour: n = 0 (no trials: the proportion is undefined), x < 0, x > n, or a level
/// outside (0, 1) give nil.
public struct BinomialInterval: Sendable, Equatable {
    /// The number of successes and trials.
    public let successes: Int
    public let trials: Int
    /// The confidence level, e.g. 0.95.
    public let level: Double
    /// The interval's bounds, within [0, 1].
    public let lower: Double
    public let upper: Double

    /// The point estimate x/n.
    public var proportion: Double { Double(successes) / Double(trials) }

    /// The Wilson score interval (see the type's documentation for the R call it reproduces).
    public static func wilson(successes x: Int, trials n: Int, level: Double = 0.95,
                              continuityCorrection: Bool = false) -> BinomialInterval? {
        guard isValid(x, n, level) else { return nil }
        let nn = Double(n), estimate = Double(x) / nn
        let z = Normal.quantile((1 + level) / 2)
        let yates = continuityCorrection ? min(0.5, abs(Double(x) - nn * 0.5)) : 0
        let z22n = z * z / (2 * nn)
        var pc = estimate + yates / nn
        let upper = pc >= 1 ? 1
            : (pc + z22n + z * (pc * (1 - pc) / nn + z22n / (2 * nn)).squareRoot()) / (1 + 2 * z22n)
        pc = estimate - yates / nn
        let lower = pc <= 0 ? 0
            : (pc + z22n - z * (pc * (1 - pc) / nn + z22n / (2 * nn)).squareRoot()) / (1 + 2 * z22n)
        return BinomialInterval(successes: x, trials: n, level: level, lower: max(lower, 0), upper: min(upper, 1))
    }

    /// The Clopper–Pearson ("exact") interval of `binom.test`.
    public static func clopperPearson(successes x: Int, trials n: Int, level: Double = 0.95) -> BinomialInterval? {
        guard isValid(x, n, level) else { return nil }
        let alpha = (1 - level) / 2
        let lower = x == 0 ? 0 : BetaDistribution.quantile(alpha, a: Double(x), b: Double(n - x + 1))
        let upper = x == n ? 1 : BetaDistribution.quantile(1 - alpha, a: Double(x + 1), b: Double(n - x))
        return BinomialInterval(successes: x, trials: n, level: level, lower: lower, upper: upper)
    }

    private static func isValid(_ x: Int, _ n: Int, _ level: Double) -> Bool {
        n > 0 && x >= 0 && x <= n && level > 0 && level < 1
    }
}
