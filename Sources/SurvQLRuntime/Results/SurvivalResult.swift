/// `survive`: Kaplan–Meier estimates per group.
public struct SurvivalResult: Sendable {
    public var cohort: String
    public var endpoint: EndpointDescription
    public var confidence: Double
    public var confType: String
    public var grouping: String?
    public var groups: [SurvivalGroupResult]
    /// The times of the numbers-at-risk table.
    public var riskTimes: [Double]
    /// Rows dropped for a missing time, event or group value.
    public var dropped: Int
    /// The weight column used, if any.
    public var weight: String?
    /// Median follow-up of all patients by the reverse Kaplan–Meier method (censorings as events).
    public var followUp: FollowUp?
    public init(cohort: String, endpoint: EndpointDescription, confidence: Double, confType: String, grouping: String?,
                groups: [SurvivalGroupResult], riskTimes: [Double], dropped: Int) {
        self.cohort = cohort
        self.endpoint = endpoint
        self.confidence = confidence
        self.confType = confType
        self.grouping = grouping
        self.groups = groups
        self.riskTimes = riskTimes
        self.dropped = dropped
    }
}

public struct SurvivalGroupResult: Sendable {
    public var label: String
    public var n: Int
    public var events: Double
    public var median: Double?
    public var medianLower: Double?
    public var medianUpper: Double?
    public var at: [SurvivalAtTime]
    public var curve: [SurvivalCurvePoint]
    public var atRisk: [Double]
    public var rmean: RestrictedMean?
    public init(label: String, n: Int, events: Double, median: Double?, medianLower: Double?, medianUpper: Double?,
                at: [SurvivalAtTime], curve: [SurvivalCurvePoint], atRisk: [Double], rmean: RestrictedMean?) {
        self.label = label
        self.n = n
        self.events = events
        self.median = median
        self.medianLower = medianLower
        self.medianUpper = medianUpper
        self.at = at
        self.curve = curve
        self.atRisk = atRisk
        self.rmean = rmean
    }
}

public struct SurvivalAtTime: Sendable {
    public var time: Double
    public var survival: Double?
    public var lower: Double?
    public var upper: Double?
    public var stdErr: Double?
    public var atRisk: Double?
    public init(time: Double, survival: Double?, lower: Double?, upper: Double?, stdErr: Double?, atRisk: Double?) {
        self.time = time
        self.survival = survival
        self.lower = lower
        self.upper = upper
        self.stdErr = stdErr
        self.atRisk = atRisk
    }
}

public struct SurvivalCurvePoint: Sendable {
    public var time: Double
    public var nRisk: Double
    public var nEvent: Double
    public var nCensor: Double
    public var survival: Double
    public var lower: Double?
    public var upper: Double?
    public var stdErr: Double?
    public init(time: Double, nRisk: Double, nEvent: Double, nCensor: Double, survival: Double, lower: Double?, upper: Double?, stdErr: Double?) {
        self.time = time
        self.nRisk = nRisk
        self.nEvent = nEvent
        self.nCensor = nCensor
        self.survival = survival
        self.lower = lower
        self.upper = upper
        self.stdErr = stdErr
    }
}

public struct RestrictedMean: Sendable {
    public var horizon: Double
    public var value: Double
    public var stdErr: Double?
    public init(horizon: Double, value: Double, stdErr: Double?) {
        self.horizon = horizon
        self.value = value
        self.stdErr = stdErr
    }
}

/// Median follow-up by the reverse Kaplan–Meier method: the Kaplan–Meier median of the
/// censoring times (`survfit(Surv(time, status == 0))`), with its confidence interval.
public struct FollowUp: Sendable {
    public var median: Double?
    public var lower: Double?
    public var upper: Double?
    public init(median: Double?, lower: Double?, upper: Double?) {
        self.median = median
        self.lower = lower
        self.upper = upper
    }
}
