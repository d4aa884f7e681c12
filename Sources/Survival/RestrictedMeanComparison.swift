import Foundation

/// The difference and ratio of restricted mean survival times (RMST) of two groups up to a
/// horizon τ, after Uno et al. (2014) and R's survRM2 `rmst2()` (version 1.0-3, "unadjusted"
/// analysis).
///
/// Each group's RMST and its standard error are the area under its Kaplan–Meier curve up to τ
/// with the Greenwood-type variance `Σ A_i² d_i / (n_i (n_i - d_i))`, A_i the area from t_i to τ
/// (`KaplanMeierCurve.restrictedMean`, which equals `summary(survfit, rmean = τ)` and survRM2's
/// `rmst1`). Then, for group 1 against the reference group 0:
///
/// - difference `μ1 - μ0`, se `sqrt(v1 + v0)`, CI `diff ∓ z se`, p `2 (1 - Φ(|diff| / se))`;
/// - ratio `μ1 / μ0` on the log scale: se `sqrt(v1 / μ1² + v0 / μ0²)`, CI `exp(log r ∓ z se)`,
///   p `2 (1 - Φ(|log r| / se))`.
///
/// survRM2 refuses a τ beyond the smaller of the two groups' last follow-up times; so does
/// `compare(...)`, which returns nil then (the caller says why). Delayed entry is allowed:
/// the curves' risk sets are then the counting-process ones, as `survfit(Surv(start, stop, event))`.
public struct RestrictedMeanComparison: Sendable, Equatable {
    /// The horizon τ.
    public var horizon: Double
    /// The reference group's RMST.
    public var reference: RestrictedMeanSurvival
    /// The compared group's RMST.
    public var group: RestrictedMeanSurvival
    /// μ1 - μ0, its standard error, confidence limits and two-sided p.
    public var difference: Double
    public var differenceStandardError: Double
    public var differenceLower: Double
    public var differenceUpper: Double
    public var differenceP: Double
    /// μ1 / μ0, the standard error of its logarithm, confidence limits and two-sided p.
    public var ratio: Double
    public var logRatioStandardError: Double
    public var ratioLower: Double
    public var ratioUpper: Double
    public var ratioP: Double

    /// Compares `group` with `reference` up to `horizon` at the given confidence level.
    /// nil when τ is beyond either curve's last time or not positive, or a curve is empty.
    public static func compare(reference: KaplanMeierCurve, group: KaplanMeierCurve, horizon: Double,
                               confidenceLevel: Double = 0.95) -> RestrictedMeanComparison? {
        guard horizon > 0, horizon.isFinite,
              let last0 = reference.time.last, let last1 = group.time.last,
              horizon <= min(last0, last1),
              let r0 = reference.restrictedMean(horizon: horizon),
              let r1 = group.restrictedMean(horizon: horizon) else { return nil }
        let z = Normal.quantile(0.5 + confidenceLevel / 2)
        let v0 = r0.standardError * r0.standardError, v1 = r1.standardError * r1.standardError
        let diff = r1.estimate - r0.estimate
        let seDiff = (v0 + v1).squareRoot()
        let logRatio = log(r1.estimate) - log(r0.estimate)
        let seLog = (v1 / (r1.estimate * r1.estimate) + v0 / (r0.estimate * r0.estimate)).squareRoot()
        func twoSided(_ x: Double, _ se: Double) -> Double {
            se > 0 ? 2 * Normal.sf(abs(x) / se) : (x == 0 ? 1 : 0)
        }
        return RestrictedMeanComparison(
            horizon: horizon, reference: r0, group: r1,
            difference: diff, differenceStandardError: seDiff,
            differenceLower: diff - z * seDiff, differenceUpper: diff + z * seDiff, differenceP: twoSided(diff, seDiff),
            ratio: exp(logRatio), logRatioStandardError: seLog,
            ratioLower: exp(logRatio - z * seLog), ratioUpper: exp(logRatio + z * seLog), ratioP: twoSided(logRatio, seLog))
    }
}
