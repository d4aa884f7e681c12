/// Brent's root finder as R's `uniroot` runs it (the `zeroin2` routine behind `uniroot`, with R's
/// defaults: tol = .Machine$double.eps^0.25 ≈ 1.22e-4, maxiter = 1000). Statistics that R defines
/// through `uniroot` — Fisher's conditional odds ratio and its confidence limits — are only as
/// precise as that tolerance, so matching R to better than 1e-4 means taking the same steps:
/// the same inverse quadratic / secant / bisection choices from the same bracket and values.
///
/// The caller supplies f at both ends (as `uniroot` evaluates them first). Returns nil when the
/// endpoint values do not bracket a root (R stops with "f() values at end points not of opposite
/// sign"); after `maxIterations` steps it returns the current best point (R warns).
enum BrentZeroin {
    /// `.Machine$double.eps^0.25`, uniroot's default tolerance.
    static let defaultTolerance = 0.0001220703125

    static func root(lower ax: Double, upper bx: Double, fLower fax: Double, fUpper fbx: Double,
                     tolerance tol: Double = defaultTolerance, maxIterations: Int = 1000,
                     _ f: (Double) -> Double) -> Double? {
        if fax.isNaN || fbx.isNaN || !(ax < bx) { return nil }
        if (fax > 0 && fbx > 0) || (fax < 0 && fbx < 0) { return nil }
        var a = ax, b = bx, fa = fax, fb = fbx
        var c = a, fc = fa
        if fa == 0 { return a }
        if fb == 0 { return b }
        let eps = Double.ulpOfOne
        for _ in 0...maxIterations {
            let previousStep = b - a
            if abs(fc) < abs(fb) {
                // Make b the best approximation so far.
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tolAct = 2 * eps * abs(b) + tol / 2
            var newStep = (c - b) / 2
            if abs(newStep) <= tolAct || fb == 0 { return b }
            if abs(previousStep) >= tolAct && abs(fa) > abs(fb) {
                // Interpolation: secant with two distinct points, inverse quadratic with three.
                var p: Double, q: Double
                let cb = c - b
                if a == c {
                    let t1 = fb / fa
                    p = cb * t1
                    q = 1 - t1
                } else {
                    let qa = fa / fc, t1 = fb / fc, t2 = fb / fa
                    p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1))
                    q = (qa - 1) * (t1 - 1) * (t2 - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if p < (0.75 * cb * q - abs(tolAct * q) / 2) && p < abs(previousStep * q / 2) {
                    newStep = p / q
                }
            }
            if abs(newStep) < tolAct {
                newStep = newStep > 0 ? tolAct : -tolAct
            }
            a = b; fa = fb
            b += newStep
            fb = f(b)
            if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
                c = a; fc = fa
            }
        }
        return b
    }
}
