#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution, as R's `pnorm` / `qnorm`.
public enum Normal {
    /// P(Z <= x). Uses the C library's `erfc`, accurate to a few ulps over the whole range.
    public static func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return 0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// P(Z > x), accurate in the upper tail.
    public static func sf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return 0.5 * erfc(x / 2.0.squareRoot())
    }

    /// The quantile function: Wichura's algorithm AS 241 (PPND16), the one R's `qnorm` uses,
    /// accurate to about 1e-16 relative.
    public static func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
            let den = (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1.0)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var val: Double
        if r <= 5 {
            r -= 1.6
            val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1.0)
        } else {
            r -= 5
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0)
        }
        return q < 0 ? -val : val
    }
}

/// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x).
public enum IncompleteGamma {
    /// Lower regularized P(a, x).
    public static func p(_ a: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || a <= 0 { return .nan }
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x)
    }

    /// Upper regularized Q(a, x), accurate in the far upper tail.
    public static func q(_ a: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || a <= 0 { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x)
    }

    private static func series(_ a: Double, _ x: Double) -> Double {
        var sum = 1.0 / a, term = sum, ap = a
        for _ in 0..<100_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    /// Lentz's continued fraction for Q(a, x).
    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
            i += 1
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }
}

/// The chi-square distribution, as R's `pchisq`.
public enum ChiSquared {
    /// P(X <= x) for `df` degrees of freedom.
    public static func cdf(_ x: Double, df: Double) -> Double {
        if x <= 0 { return 0 }
        return IncompleteGamma.p(df / 2, x / 2)
    }

    /// P(X > x): `pchisq(x, df, lower.tail = FALSE)`, the p-value of a chi-square test.
    public static func sf(_ x: Double, df: Double) -> Double {
        if x.isNaN || df.isNaN { return .nan }
        if x <= 0 { return 1 }
        if df == 1 { return erfc((x / 2).squareRoot()) }
        return IncompleteGamma.q(df / 2, x / 2)
    }
}
