#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with `df` > 0 degrees of freedom (non-integer allowed), as R's `pt`,
/// `qt` and `dt`.
///
/// The CDF follows R's `pt`: P(|T| > |x|) = I_{x²/(ν+x²)}-complement (½, ν/2) when ν > x², else
/// I_{1/(1+x²/ν)}(ν/2, ½); for 1 + x²/ν > 1e100 the leading term of the tail series. df = +∞
/// gives the standard normal.
///
/// Edge behaviour: NaN in gives NaN out; df ≤ 0 gives NaN; a probability outside [0, 1] gives NaN.
public enum StudentT {
    /// P(T ≤ x): `pt(x, df)`.
    public static func cdf(_ x: Double, df: Double) -> Double {
        tails(x, df: df)?.lower ?? .nan
    }

    /// P(T > x): `pt(x, df, lower.tail = FALSE)`.
    public static func sf(_ x: Double, df: Double) -> Double {
        tails(x, df: df)?.upper ?? .nan
    }

    static func tails(_ x: Double, df n: Double) -> (lower: Double, upper: Double)? {
        if x.isNaN || n.isNaN || !(n > 0) { return nil }
        if x.isInfinite { return x < 0 ? (0, 1) : (1, 0) }
        if n.isInfinite { return (Normal.cdf(x), Normal.sf(x)) }
        let nx = 1 + (x / n) * x
        let twoSided: Double // P(|T| > |x|)
        if nx > 1e100 {
            let lval = -0.5 * n * (2 * log(abs(x)) - log(n)) - SpecialFunctions.logBeta(0.5 * n, 0.5) - log(0.5 * n)
            twoSided = exp(lval)
        } else if n > x * x {
            guard let t = IncompleteBeta.tails(x * x / (n + x * x), a: 0.5, b: n / 2) else { return nil }
            twoSided = t.upper
        } else {
            guard let t = IncompleteBeta.tails(1 / nx, a: n / 2, b: 0.5) else { return nil }
            twoSided = t.lower
        }
        let half = twoSided / 2
        return x <= 0 ? (half, 1 - half) : (1 - half, half)
    }

    /// The density `dt(x, df)` (R's saddle-point form, accurate for large df).
    public static func density(_ x: Double, df n: Double) -> Double {
        if x.isNaN || n.isNaN || !(n > 0) { return .nan }
        if !x.isFinite { return 0 }
        if !n.isFinite { return exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
        let t = -SpecialFunctions.deviance(n / 2, (n + 1) / 2) + SpecialFunctions.stirlingError((n + 1) / 2)
            - SpecialFunctions.stirlingError(n / 2)
        let x2n = x * x / n
        var lx2n: Double, u: Double
        let large = x2n > 1 / Double.ulpOfOne
        if large {
            lx2n = log(abs(x)) - log(n) / 2
            u = n * lx2n
        } else if x2n > 0.2 {
            lx2n = log(1 + x2n) / 2
            u = n * lx2n
        } else {
            lx2n = log1p(x2n) / 2
            u = -SpecialFunctions.deviance(n / 2, (n + x * x) / 2) + x * x / 2
        }
        let inverseSqrt = large ? n.squareRoot() / abs(x) : exp(-lx2n)
        return exp(t - u) / (2 * Double.pi).squareRoot() * inverseSqrt
    }

    /// The quantile `qt(p, df, lower.tail = !upper)`. p = 0 and p = 1 map to −∞ and +∞ (reversed
    /// for the upper tail); p = ½ to 0. The smaller tail is inverted on the positive half-line by
    /// safeguarded Newton iteration on its logarithm, and the sign restored by symmetry.
    public static func quantile(_ p: Double, df n: Double, upper: Bool = false) -> Double {
        if p.isNaN || n.isNaN || !(n > 0) || p < 0 || p > 1 { return .nan }
        if n.isInfinite { return upper ? -Normal.quantile(p) : Normal.quantile(p) }
        var useUpper = upper, target = p
        if target > 0.5 { target = 1 - target; useUpper.toggle() }
        if target == 0.5 { return 0 }
        if target == 0 { return useUpper ? .infinity : -.infinity }
        // Solve P(T > x) = target for x > 0; the answer is x for an upper tail and −x for a lower one.
        var start = -Normal.quantile(target)
        if n < 3 && target < 0.05 {
            // Power-law tail P(T > x) ≈ K ν^((ν−1)/2) x^(−ν) with K = Γ((ν+1)/2)/(√π Γ(ν/2)).
            let logK = lgamma((n + 1) / 2) - 0.5 * log(Double.pi) - lgamma(n / 2)
            start = exp((logK + 0.5 * (n - 1) * log(n) - log(target)) / n)
        }
        let x = QuantileSearch.solve(logTarget: log(target), increasing: false, upperLimit: .infinity,
                                     start: start) { x in
            guard let tails = tails(x, df: n) else { return (.nan, .nan) }
            return (log(tails.upper), -density(x, df: n) / tails.upper)
        }
        return useUpper ? x : -x
    }
}
