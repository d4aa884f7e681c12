/// A quantile of a survival curve with its confidence limits: the time by which a fraction
/// `probability` of subjects have had the event (the median at 0.5). nil = R's NA ("not reached").
public struct SurvivalQuantile: Sendable, Equatable {
    /// The two rules R uses to read a quantile off a step function.
    public enum Rule: Sendable, Equatable {
        /// `print.survfit` / `summary(fit)$table` (survmean's `minmin`): the first time where
        /// S < 1 - p + sqrt(eps); if that S equals 1 - p within sqrt(eps) and the curve drops
        /// further, the midpoint between that time and the next time with a lower S; if it never
        /// drops again, that time. The limits apply the same rule to the lower and upper bands.
        case minmin
        /// `quantile.survfit` (its `findq` helper): duplicate values of 1 - S are removed and the
        /// time is located with `approx(method = "constant", f = 1)` at p ± sqrt(eps), averaged;
        /// at exactly 1 - S = p on the last step it averages with the last time. Differs from
        /// `minmin` when the curve ends flat at exactly 1 - p.
        case findq
    }

    /// The event probability p (0.5 for the median).
    public var probability: Double
    /// The quantile time, nil if the curve never reaches 1 - p.
    public var time: Double?
    /// Lower confidence limit (from the lower band), nil if not reached.
    public var lower: Double?
    /// Upper confidence limit (from the upper band), nil if not reached.
    public var upper: Double?

    public init(probability: Double, time: Double?, lower: Double?, upper: Double?) {
        self.probability = probability
        self.time = time
        self.lower = lower
        self.upper = upper
    }
}
