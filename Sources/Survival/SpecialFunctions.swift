#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Building blocks shared by the distribution functions: log-gamma, log-beta, and Catherine
/// Loader's saddle-point forms of the Poisson and binomial densities (the ones R's nmath uses in
/// `dpois_raw` / `dbinom_raw`). Loader's forms keep full relative accuracy when the parameters are
/// large (say a = 5e5), where `a log x - x - lgamma(a)` would lose ten digits to cancellation.
public enum SpecialFunctions {
    /// log(sqrt(2 pi)).
    static let logSqrt2Pi = 0.918938533204672741780329736406
    /// log(2 pi).
    static let log2Pi = 1.837877066409345483560659472811

    /// log |Gamma(x)|, from the C library's `lgamma` (a few ulps for x > 0; absolute error near
    /// the zeros at 1 and 2 is about 1e-17).
    public static func logGamma(_ x: Double) -> Double {
        lgamma(x)
    }

    /// The Stirling error δ(n) = log Γ(n+1) − (n + ½) log n + n − log √(2π), for n > 0, as R's
    /// `stirlerr`. Uses the asymptotic series above 15 (truncation below 1e-16) and the defining
    /// formula below, whose absolute error (a few 1e-15) is what matters where it is used.
    static func stirlingError(_ n: Double) -> Double {
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        if n <= 15 {
            return lgamma(n + 1) - (n + 0.5) * log(n) + n - logSqrt2Pi
        }
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// The deviance term bd0(x, np) = x log(x/np) + np − x, computed without cancellation when
    /// x ≈ np (R's `bd0`). Both arguments must be positive.
    static func deviance(_ x: Double, _ np: Double) -> Double {
        if abs(x - np) < 0.1 * (x + np) {
            var v = (x - np) / (x + np)
            var s = (x - np) * v
            if abs(s) < Double.leastNormalMagnitude { return s }
            var ej = 2 * x * v
            v *= v
            for j in 1..<1000 {
                ej *= v
                let s1 = s + ej / Double(2 * j + 1)
                if s1 == s { return s1 }
                s = s1
            }
        }
        // log1p of the exact difference avoids the rounding of x/np, which x would amplify.
        let ratio = x / np
        if ratio > 0.5 && ratio < 2 {
            return x * log1p((x - np) / np) + (np - x)
        }
        return x * log(ratio) + np - x
    }

    /// λ^x e^{−λ} / Γ(x+1) for real x ≥ 0 and λ ≥ 0 (R's `dpois_raw`), accurate for large x.
    static func poissonDensity(_ x: Double, _ lambda: Double) -> Double {
        if lambda == 0 { return x == 0 ? 1 : 0 }
        if !lambda.isFinite || x < 0 { return 0 }
        if x <= lambda * Double.leastNormalMagnitude { return exp(-lambda) }
        if lambda < x * Double.leastNormalMagnitude {
            if !x.isFinite { return 0 }
            return exp(-lambda + x * log(lambda) - lgamma(x + 1))
        }
        return exp(-stirlingError(x) - deviance(x, lambda)) / (2 * Double.pi * x).squareRoot()
    }

    /// log of λ^x e^{−λ} / Γ(x+1) (see `poissonDensity`), finite where the density underflows.
    static func logPoissonDensity(_ x: Double, _ lambda: Double) -> Double {
        if lambda == 0 { return x == 0 ? 0 : -.infinity }
        if !lambda.isFinite || x < 0 { return -.infinity }
        if x <= lambda * Double.leastNormalMagnitude { return -lambda }
        if lambda < x * Double.leastNormalMagnitude {
            if !x.isFinite { return -.infinity }
            return -lambda + x * log(lambda) - lgamma(x + 1)
        }
        return -stirlingError(x) - deviance(x, lambda) - 0.5 * log(2 * Double.pi * x)
    }

    /// log of Γ(n+1)/(Γ(x+1)Γ(n−x+1)) p^x q^(n−x) for real x ≥ 0 and n − x ≥ 0 (R's `dbinom_raw`
    /// on the log scale). Both n − x and q = 1 − p are passed separately so that the caller can
    /// supply them exactly: forming n − x or 1 − p by subtraction would cost relative accuracy
    /// proportional to n when x ≈ n.
    static func logBinomialDensity(_ x: Double, _ nMinusX: Double, _ p: Double, _ q: Double) -> Double {
        let n = x + nMinusX
        if p == 0 { return x == 0 ? 0 : -.infinity }
        if q == 0 { return nMinusX == 0 ? 0 : -.infinity }
        if x == 0 {
            if n == 0 { return 0 }
            return p < 0.1 ? -deviance(n, n * q) - n * p : n * log(q)
        }
        if nMinusX == 0 {
            return q < 0.1 ? -deviance(n, n * p) - n * q : n * log(p)
        }
        if x < 0 || nMinusX < 0 { return -.infinity }
        let lc = stirlingError(n) - stirlingError(x) - stirlingError(nMinusX) - deviance(x, n * p)
            - deviance(nMinusX, n * q)
        let lf = log2Pi + log(x) + log(nMinusX) - log(n)
        return lc - 0.5 * lf
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a+b) for a, b > 0, computed through the Stirling
    /// error when both are large so that the result keeps its relative accuracy (R's `lbeta`).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        if p.isNaN || q.isNaN { return .nan }
        if p < 0 { return .nan }
        if p == 0 { return .infinity }
        if !q.isFinite { return -.infinity }
        if p >= 10 {
            // Both large: log B = ½ log 2π + (p−½) log p + (q−½) log q − (p+q−½) log(p+q) + corrections.
            let corr = stirlingError(p) + stirlingError(q) - stirlingError(p + q)
            return -0.5 * log(q) + logSqrt2Pi + corr + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
        }
        if q >= 10 {
            let corr = stirlingError(q) - stirlingError(p + q)
            return lgamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        return lgamma(p) + lgamma(q) - lgamma(p + q)
    }
}
