/// Why time-to-event input was rejected by `TimeFix`, `KaplanMeier` or `LogRankTest`.
///
/// Every problem with caller data is reported as one of these values (thrown with typed
/// `throws`), never as a trap. Indices are zero-based row positions in the input arrays.
public enum TimeToEventInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two parallel input arrays (named) have different lengths.
    case lengthMismatch(String, expected: Int, actual: Int)
    /// A follow-up or entry time is NaN or infinite. R drops NA rows before fitting; SurvQL
    /// asks the caller to filter them explicitly so that nothing disappears silently.
    case nonFiniteTime(row: Int)
    /// A case weight is NaN, infinite or negative (R: "Invalid weights, must be >= 0").
    case invalidWeight(row: Int)
    /// An entry time is not strictly before its exit time (R's `Surv()` makes such rows NA).
    case entryNotBeforeExit(row: Int)
    /// A group or stratum code is negative or not below the declared number of groups.
    case invalidGroupCode(row: Int)
    /// R's `aeqSurv()` exception: after merging near-equal times an interval has length zero.
    case timeFixCollapsedInterval(row: Int)
    /// The test needs at least two groups that have rows (R: "There is only 1 group").
    case fewerThanTwoGroups
    /// The log-rank test accepts right-censored data only (R: "Right censored data only");
    /// for delayed-entry data use the Cox model's score test.
    case delayedEntryNotSupported
    /// A parameter (named) is outside its domain, e.g. a confidence level outside (0, 1).
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .lengthMismatch(name, expected, actual):
            return "'\(name)' has \(actual) values but \(expected) were expected"
        case let .nonFiniteTime(row): return "time in row \(row + 1) is missing or not finite"
        case let .invalidWeight(row): return "weight in row \(row + 1) is negative, missing or not finite"
        case let .entryNotBeforeExit(row): return "entry time in row \(row + 1) is not before its exit time"
        case let .invalidGroupCode(row): return "group or stratum code in row \(row + 1) is out of range"
        case let .timeFixCollapsedInterval(row):
            return "row \(row + 1): merging near-equal times leaves an interval of length zero"
        case .fewerThanTwoGroups: return "at least two non-empty groups are needed"
        case .delayedEntryNotSupported:
            return "the log-rank test needs right-censored data; delayed entry is not supported"
        case let .invalidParameter(what): return "invalid parameter: \(what)"
        }
    }
}
