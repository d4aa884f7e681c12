#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hypergeometric distribution of the number of white balls among `drawn` balls taken from an
/// urn of `white` white and `black` black balls: R's `dhyper(x, m, n, k)` and `phyper`.
/// The log density is the ratio of three saddle-point binomial densities (Loader), accurate for
/// large urns; the CDF sums the smaller tail by the term-ratio recursion.
enum Hypergeometric {
    /// log P(X = x), −∞ outside the support.
    static func logDensity(_ x: Int, white r: Int, black b: Int, drawn n: Int) -> Double {
        if x < 0 || x > r || n - x > b || n - x < 0 { return -.infinity }
        if n == 0 { return x == 0 ? 0 : -.infinity }
        let total = Double(r + b)
        let p = Double(n) / total, q = Double(r + b - n) / total
        let p1 = SpecialFunctions.logBinomialDensity(Double(x), Double(r - x), p, q)
        let p2 = SpecialFunctions.logBinomialDensity(Double(n - x), Double(b - n + x), p, q)
        let p3 = SpecialFunctions.logBinomialDensity(Double(n), Double(r + b - n), p, q)
        return p1 + p2 - p3
    }

    /// P(X ≤ x), or P(X > x) when `upper`.
    static func cdf(_ x: Int, white: Int, black: Int, drawn n: Int, upper: Bool = false) -> Double {
        var r = Double(white), b = Double(black), xx = Double(x), lowerTail = !upper
        let nn = Double(n)
        if xx * (r + b) > nn * r {
            // Sum the other tail: the one below the mean converges fastest.
            swap(&r, &b)
            xx = nn - xx - 1
            lowerTail.toggle()
        }
        if xx < 0 { return lowerTail ? 0 : 1 }
        if xx >= r || xx >= nn { return lowerTail ? 1 : 0 }
        let d = exp(logDensity(Int(xx), white: Int(r), black: Int(b), drawn: n))
        // Σ_{j ≤ x} P(j) / P(x) by the ratio P(j−1)/P(j) = j (b − n + j) / ((n + 1 − j)(r + 1 − j)).
        var sum = 0.0, term = 1.0, j = xx
        while j > 0 && term >= Double.ulpOfOne * sum {
            term *= j * (b - nn + j) / (nn + 1 - j) / (r + 1 - j)
            sum += term
            j -= 1
        }
        let p = d * (1 + sum)
        return lowerTail ? p : 0.5 - p + 0.5
    }
}
