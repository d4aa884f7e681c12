/// Restricted mean survival time (RMST): the area under the Kaplan–Meier curve from the curve's
/// origin up to a horizon τ, with its standard error, as `print(fit, rmean = τ)` /
/// `summary(fit)$table[, c("rmean", "se(rmean)")]` in survival 3.5-3 (R/print.survfit.R
/// `survmean`).
///
/// Definition: with the origin point (S = 1) prepended, the curve points t_i <= τ and S_i, the
/// estimate is `origin + Σ rectangles` where the rectangles are the step areas up to τ, and the
/// variance is `Σ_i A_i² d_i / (n_i (n_i - d_i))` with A_i the area from t_i to τ (terms with
/// n_i = d_i are 0, as in R).
public struct RestrictedMeanSurvival: Sendable, Equatable {
    /// The horizon τ (R's `rmean` end time).
    public var horizon: Double
    /// Estimated restricted mean (R's `rmean`).
    public var estimate: Double
    /// Its standard error (R's `se(rmean)`).
    public var standardError: Double

    public init(horizon: Double, estimate: Double, standardError: Double) {
        self.horizon = horizon
        self.estimate = estimate
        self.standardError = standardError
    }
}

extension KaplanMeierCurve {
    /// The restricted mean survival time up to `horizon` (default: this curve's last time, R's
    /// `rmean = "individual"`; for R's default `"common"` on grouped fits pass
    /// `KaplanMeier.commonHorizon(curves)`). nil for an empty curve, a non-finite horizon, or a
    /// horizon before the curve's origin. R stops ("Truncation point for the mean is < smallest
    /// survival") when the horizon is below the smallest time of the whole fit; for a horizon
    /// between the origin and this curve's first time SurvQL returns R's formula (S = 1 there),
    /// which is also what R reports for such a group in a grouped fit.
    public func restrictedMean(horizon: Double? = nil) -> RestrictedMeanSurvival? {
        guard let lastTime = time.last else { return nil }
        let end = horizon ?? lastTime
        guard end.isFinite, end >= origin else { return nil }
        let pre = prependsOrigin
        var tt: [Double] = [], ss: [Double] = [], hh: [Double] = []
        if pre { tt.append(origin); ss.append(1); hh.append(0) }
        for j in time.indices {
            tt.append(time[j])
            ss.append(survival[j])
            let n = nRisk[j], d = nEvent[j]
            hh.append(n - d == 0 ? 0 : d / (n * (n - d)))
        }
        let start = min(0, tt[0])
        var keep = 0
        while keep < tt.count && tt[keep] <= end { keep += 1 }
        if keep == 0 {
            return RestrictedMeanSurvival(horizon: end, estimate: end, standardError: 0)
        }
        // temptime = c(time[keep], end); tempsurv = c(surv[keep], surv[last keep]); hh = c(hh[keep], 0)
        var rect = [Double](repeating: 0, count: keep + 1)
        var previousTime = start
        for j in 0...keep {
            let tj = j < keep ? tt[j] : end
            let height = j == 0 ? 1 : ss[min(j - 1, keep - 1)]
            rect[j] = (tj - previousTime) * height
            previousTime = tj
        }
        var total = 0.0
        for r in rect { total += r }
        // varmean = sum(cumsum(rev(rect[-1]))^2 * rev(hh)[-1])
        var variance = 0.0, tail = 0.0
        for k in 0..<keep {
            tail += rect[keep - k]
            variance += tail * tail * hh[keep - 1 - k]
        }
        return RestrictedMeanSurvival(horizon: end, estimate: total + start, standardError: variance.squareRoot())
    }
}
