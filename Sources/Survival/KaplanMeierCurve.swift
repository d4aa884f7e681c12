/// One fitted Kaplan–Meier curve: the columns of R's `survfit` object for one stratum.
///
/// Arrays are parallel, one entry per distinct exit time in ascending order. NaN stands for R's
/// NA (e.g. log-type bands where S = 0). See `KaplanMeier` for the estimator's definition.
/// Derived quantities: `summary(at:)` (R's `summary(fit, times =)`), `median`,
/// `quantile(_:rule:)` (print's minmin rule or `quantile.survfit`'s findq rule) and
/// `restrictedMean(horizon:)` (R's `rmean`).
public struct KaplanMeierCurve: Sendable, Equatable {
    /// Number of input rows in this curve (R's `n` / `records`), including zero-weight rows.
    public let records: Int
    /// True for delayed-entry `(entry, exit]` data (R's `type = "counting"`).
    public let isDelayedEntry: Bool
    /// True when the standard errors are the robust (infinitesimal-jackknife) ones, not Greenwood.
    public let usesRobustVariance: Bool
    /// Confidence level of `lower` / `upper`.
    public let confidenceLevel: Double
    /// Transform of `lower` / `upper`.
    public let confidenceType: KaplanMeier.ConfidenceType
    /// Start of the curve, where S = 1: `min(0, all times of the fit)` (R's `survfit0` start).
    public let origin: Double
    /// Distinct exit times (events or censorings).
    public let time: [Double]
    /// Weighted number at risk at each time.
    public let nRisk: [Double]
    /// Weighted number of events at each time.
    public let nEvent: [Double]
    /// Weighted number censored at each time.
    public let nCensor: [Double]
    /// Weight entering the risk set since the previous time (for right-censored data the first
    /// entry is everyone and the rest are 0). R reports this only for clustered counting fits.
    public let nEnter: [Double]
    /// Kaplan–Meier survival S(t).
    public let survival: [Double]
    /// Standard error of log S(t): Greenwood (R's `std.err`, `logse = TRUE`), infinite once n = d;
    /// with the robust variance, se(S) / S (R's `std.err / surv`).
    public let stdErrLogSurvival: [Double]
    /// Lower pointwise confidence limit (NaN = NA).
    public let lower: [Double]
    /// Upper pointwise confidence limit (NaN = NA).
    public let upper: [Double]

    public init(
        records: Int, isDelayedEntry: Bool, usesRobustVariance: Bool = false, confidenceLevel: Double, confidenceType: KaplanMeier.ConfidenceType,
        origin: Double, time: [Double], nRisk: [Double], nEvent: [Double], nCensor: [Double], nEnter: [Double],
        survival: [Double], stdErrLogSurvival: [Double], lower: [Double], upper: [Double]
    ) {
        self.records = records
        self.isDelayedEntry = isDelayedEntry
        self.usesRobustVariance = usesRobustVariance
        self.confidenceLevel = confidenceLevel
        self.confidenceType = confidenceType
        self.origin = origin
        self.time = time
        self.nRisk = nRisk
        self.nEvent = nEvent
        self.nCensor = nCensor
        self.nEnter = nEnter
        self.survival = survival
        self.stdErrLogSurvival = stdErrLogSurvival
        self.lower = lower
        self.upper = upper
    }

    /// Largest number at risk (R's `n.max`); 0 for an empty curve.
    public var nMax: Double { nRisk.max() ?? 0 }
    /// Number at risk at the first time (R's `n.start`); 0 for an empty curve.
    public var nStart: Double { nRisk.first ?? 0 }
    /// Total (weighted) number of events (R's `events`).
    public var events: Double { nEvent.reduce(0, +) }
    /// True when the curve has no points (no rows in this group).
    public var isEmpty: Bool { time.isEmpty }

    /// The same curve with bands recomputed at another level or transform.
    public func withConfidence(level: Double, type: KaplanMeier.ConfidenceType) -> KaplanMeierCurve? {
        guard level > 0, level < 1 else { return nil }
        let z = Normal.quantile(1 - (1 - level) / 2)
        var lo = lower, up = upper
        for j in time.indices {
            let ci = KaplanMeier.confidenceLimits(survival: survival[j], stdErrLog: stdErrLogSurvival[j], z: z, type: type)
            lo[j] = ci.lower
            up[j] = ci.upper
        }
        return KaplanMeierCurve(
            records: records, isDelayedEntry: isDelayedEntry, usesRobustVariance: usesRobustVariance,
            confidenceLevel: level, confidenceType: type,
            origin: origin, time: time, nRisk: nRisk, nEvent: nEvent, nCensor: nCensor, nEnter: nEnter,
            survival: survival, stdErrLogSurvival: stdErrLogSurvival, lower: lo, upper: up)
    }

    /// True when R's `survfit0` would prepend the origin point (S = 1) before the first time.
    var prependsOrigin: Bool { time.first.map { $0 != origin } ?? true }
}
