/// Inverts a continuous, strictly monotone tail function on the positive half-line: finds x > 0
/// with tail(x) = target. Used by the chi-square, Student t and beta quantile functions.
///
/// The iteration is Newton's method on g(x) = log tail(x) − log target (tails of these
/// distributions are log-concave or close to it, so the log scale keeps Newton steps sensible
/// far from the root), safeguarded by a bracket [lo, hi] that every evaluation narrows. A step
/// that leaves the bracket, or is not finite, is replaced by a bisection (geometric when the
/// bracket spans more than a factor 4, by ×8 while the bracket is unbounded above). The loop is
/// capped at 2000 evaluations and stops at the noise floor, so it always terminates.
struct QuantileSearch {
    /// Evaluates (log tail(x), d/dx log tail(x)) at x > 0.
    typealias LogTail = (Double) -> (value: Double, slope: Double)

    /// Solves for x in (0, upperLimit) given a start point.
    ///
    /// - Parameters:
    ///   - logTarget: log of the tail probability to reach.
    ///   - increasing: whether the tail grows with x (a lower tail) or shrinks (an upper tail).
    ///   - upperLimit: the top of the support (`.infinity`, or 1 for the beta distribution).
    ///   - start: the first guess, clamped into the support.
    /// - Returns: the root; 0 or `upperLimit` when it lies beyond the representable range.
    static func solve(logTarget: Double, increasing: Bool, upperLimit: Double, start: Double,
                      logTail: LogTail) -> Double {
        var lo = 0.0, hi = upperLimit
        var x = start
        if !(x > 0 && x < upperLimit) || !x.isFinite {
            x = upperLimit.isFinite ? upperLimit / 2 : 1
        }
        var previousStep = Double.infinity
        for _ in 0..<2000 {
            let (value, slope) = logTail(x)
            let g = value - logTarget
            if g == 0 { return x }
            if g.isNaN { // outside where the tail can be evaluated: shrink towards the middle
                hi = x
            } else if (g < 0) == increasing {
                lo = x
            } else {
                hi = x
            }
            var next = x - g / slope
            if !(next > lo && next < hi) || !next.isFinite {
                next = bisect(lo, hi)
            }
            if lo > 0 && hi.isFinite && hi <= lo * (1 + 4 * Double.ulpOfOne) { return next }
            if next > Double.greatestFiniteMagnitude { return upperLimit }
            if next < Double.leastNormalMagnitude && hi < 1e-300 { return 0 }
            let step = abs(next - x)
            if step <= 1e-15 * abs(x) { return next }
            // Noise floor: the step no longer shrinks although it is already tiny.
            if step < 1e-11 * abs(x) && step >= previousStep { return next }
            previousStep = step
            x = next
        }
        return x
    }

    private static func bisect(_ lo: Double, _ hi: Double) -> Double {
        if !hi.isFinite { return lo > 0 ? lo * 8 : 1 }
        if lo <= 0 { return hi / 16 }
        if hi / lo > 4 { return lo.squareRoot() * hi.squareRoot() }
        return lo + (hi - lo) / 2
    }
}
