/// `power`: the power of a two-group comparison for a hazard ratio, or the events and
/// patients needed for a target power (Schoenfeld 1983 or Freedman 1982).
public struct PowerResult: Sendable {
    /// `schoenfeld` or `freedman`.
    public var method: String
    public var hazardRatio: Double
    public var alpha: Double
    /// Reference patients per compared patient (1:K).
    public var ratio: Double
    /// The events the power is computed for (given, from patients × probability, or the cohort's).
    public var events: Double?
    public var patients: Double?
    /// The probability of an event (given, or the cohort's event proportion).
    public var probability: Double?
    /// The power with `events` events.
    public var power: Double?
    public var target: Double
    /// Events needed for `target` (unrounded) and patients needed (when a probability is known).
    public var eventsNeeded: Double?
    public var patientsNeeded: Double?
    /// `for COHORT by GROUPING`: the cohort and its groups (label, n, events).
    public var cohort: String?
    public var groups: [(label: String, n: Int, events: Double)]
    public init(method: String, hazardRatio: Double, alpha: Double, ratio: Double, events: Double?, patients: Double?,
                probability: Double?, power: Double?, target: Double, eventsNeeded: Double?, patientsNeeded: Double?,
                cohort: String?, groups: [(label: String, n: Int, events: Double)]) {
        self.method = method
        self.hazardRatio = hazardRatio
        self.alpha = alpha
        self.ratio = ratio
        self.events = events
        self.patients = patients
        self.probability = probability
        self.power = power
        self.target = target
        self.eventsNeeded = eventsNeeded
        self.patientsNeeded = patientsNeeded
        self.cohort = cohort
        self.groups = groups
    }
}
