#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Kaplan–Meier (product-limit) estimator of the survival function, matching R's
/// `survfit(Surv(time, status) ~ g)` and `survfit(Surv(entry, time, status) ~ g)` in
/// survival 3.5-3 at its defaults (`stype = 1`, `ctype = 1`, `conf.type = "log"`,
/// `conf.int = 0.95`, `conf.lower = "usual"`, `timefix = TRUE`).
///
/// Definition (src/survfitkm.c): the curve has one point per distinct exit time t (event or
/// censoring). With case weights w, the number at risk n(t) is the total weight of rows with
/// `entry < t <= exit` (everyone with `exit >= t` for right-censored data, so censorings at t
/// are at risk at t), d(t) the weight of events at t. At each time with at least one event of
/// positive weight, `S *= (n - d) / n` and the Greenwood sum for log S grows by
/// `d / (n (n - d))` (infinite when n = d). `stdErrLogSurvival` is R's `std.err`, the standard
/// error of log S. Confidence bands follow R's `survfit_confint()` (see `ConfidenceType`).
///
/// Weights: all counts (`nRisk`, `nEvent`, `nCensor`) are weighted, zero weights are allowed
/// (the row still creates a curve point, as in R). The variance is Greenwood's for unweighted
/// data and integer (frequency) weights; when some weight is not an integer R switches to the
/// robust infinitesimal-jackknife variance (`robust = TRUE`, each row its own cluster), and so
/// does `Options.variance = .automatic` (see `KaplanMeierRobustVariance`); `.greenwood` is R's
/// `robust = FALSE`. With the robust variance `stdErrLogSurvival` is se(S) / S (0 where se = 0),
/// which is what R's `survfit_confint(logse = FALSE)` uses for the bands.
///
/// Edge behaviour: no rows gives an empty curve (no points, median nil); all censored gives
/// S = 1, std.err 0 and bands [1, 1]; S = 0 gives NaN (R: NA) log-type bands. Invalid input
/// (length mismatch, NaN/infinite times, negative or NaN weights, entry not before exit, bad
/// group codes) is thrown as `TimeToEventInputError`, never trapped.
///
/// Cost: for unweighted right-censored data with integer times on a small range (e.g. days), one
/// counting pass per (group, time) with no sort; otherwise an O(n) radix ordering of the times,
/// then linear passes. Memory O(n + groups × distinct times).
public enum KaplanMeier {
    /// The transform used for pointwise confidence bands (R's `conf.type`).
    public enum ConfidenceType: String, Sendable, CaseIterable {
        /// `exp(log S ∓ z se)`, upper limit truncated at 1, NaN where S = 0. R's default.
        case log
        /// `exp(-exp(log(-log S) ∓ z se / log S))`, NaN where S is 0 or 1.
        case logLog = "log-log"
        /// `S ∓ z S se`, clipped to [0, 1].
        case plain
    }

    /// Which standard error of S to report (R's `robust` argument).
    public enum VarianceMethod: String, Sendable, CaseIterable {
        /// R's default: Greenwood, except the robust (infinitesimal-jackknife) variance when some
        /// case weight is not an integer (survfitKM sets `robust = TRUE` then).
        case automatic
        /// Greenwood always (R: `robust = FALSE`).
        case greenwood
        /// Infinitesimal jackknife with each row its own cluster (R: `robust = TRUE`; for
        /// delayed-entry data R additionally requires `id`, which SurvQL does not model).
        case robust
    }

    /// Fitting options; the defaults are R's.
    public struct Options: Sendable, Equatable {
        /// Confidence level of the pointwise bands, in (0, 1). R: `conf.int = 0.95`.
        public var confidenceLevel: Double
        /// Band transform. R: `conf.type = "log"`.
        public var confidenceType: ConfidenceType
        /// Merge near-equal times first with `TimeFix` (R: `timefix = TRUE`). Pass false when the
        /// caller already applied `TimeFix` to the whole data set.
        public var timeFix: Bool
        /// Standard-error method. R: `robust = NULL` (automatic).
        public var variance: VarianceMethod

        public init(
            confidenceLevel: Double = 0.95, confidenceType: ConfidenceType = .log, timeFix: Bool = true,
            variance: VarianceMethod = .automatic
        ) {
            self.confidenceLevel = confidenceLevel
            self.confidenceType = confidenceType
            self.timeFix = timeFix
            self.variance = variance
        }
    }

    /// Fits one curve to all rows.
    ///
    /// - Parameters:
    ///   - time: follow-up (exit) times.
    ///   - event: true for an event (death), false for a censoring.
    ///   - entry: optional delayed-entry times; a row is at risk at t when `entry < t <= time`.
    ///   - weights: optional non-negative case weights.
    public static func fit(
        time: [Double], event: [Bool], entry: [Double]? = nil, weights: [Double]? = nil,
        options: Options = Options()
    ) throws(TimeToEventInputError) -> KaplanMeierCurve {
        let codes = [Int32](repeating: 0, count: time.count)
        let curves = try fitByGroup(time: time, event: event, group: codes, groupCount: 1,
                                    entry: entry, weights: weights, options: options)
        return curves[0]
    }

    /// Fits one curve per group code, as `survfit(Surv(...) ~ g)` does per level of g, and
    /// returns them in code order (code 0 first). A code with no rows gives an empty curve.
    ///
    /// Near-equal times are merged over all rows together (as R does) before splitting.
    /// - Parameters:
    ///   - group: a code in `0..<groupCount` per row.
    ///   - groupCount: the number of groups; defaults to the largest code + 1.
    public static func fitByGroup(
        time: [Double], event: [Bool], group: [Int32], groupCount: Int? = nil,
        entry: [Double]? = nil, weights: [Double]? = nil, options: Options = Options()
    ) throws(TimeToEventInputError) -> [KaplanMeierCurve] {
        let n = time.count
        guard event.count == n else { throw .lengthMismatch("event", expected: n, actual: event.count) }
        guard group.count == n else { throw .lengthMismatch("group", expected: n, actual: group.count) }
        if let entry, entry.count != n { throw .lengthMismatch("entry", expected: n, actual: entry.count) }
        if let weights, weights.count != n { throw .lengthMismatch("weights", expected: n, actual: weights.count) }
        guard options.confidenceLevel > 0, options.confidenceLevel < 1 else {
            throw .invalidParameter("confidence level must be strictly between 0 and 1")
        }
        let k = groupCount ?? (Int(group.max() ?? -1) + 1)
        guard k >= 1 else { throw .invalidParameter("group count must be at least 1") }
        // One scan validates the rows and summarizes the times (time fixing, origin, grid).
        var range = SurvivalTimeRange()
        var badRow: Int? = nil, badGroup = false
        time.withUnsafeBufferPointer { timeP in
            group.withUnsafeBufferPointer { groupP in
                for i in 0..<n {
                    let t = timeP[i], g = Int(groupP[i])
                    if !t.isFinite || g < 0 || g >= k { badRow = i; badGroup = t.isFinite; break }
                    range.add(t)
                }
            }
        }
        if let badRow { throw badGroup ? .invalidGroupCode(row: badRow) : .nonFiniteTime(row: badRow) }
        if let weights {
            for (i, w) in weights.enumerated() where !(w >= 0 && w.isFinite) { throw .invalidWeight(row: i) }
        }
        if let entry {
            for i in 0..<n {
                if !entry[i].isFinite { throw .nonFiniteTime(row: i) }
                if !(entry[i] < time[i]) { throw .entryNotBeforeExit(row: i) }
            }
        }

        var exit = time
        var start = entry
        var exitOrder: [Int]? = nil
        var fixedRange = range  // the summary of `exit`
        if options.timeFix {
            if let e = entry {
                let fixed = try TimeFix.apply(entry: e, exit: time)
                start = fixed.entry
                exit = fixed.exit
            } else if !TimeFix.cannotMerge(range) {
                (exit, exitOrder) = try TimeFix.fixedWithOrder(time)
            }
            if start != nil || exitOrder == nil && !TimeFix.cannotMerge(range) {
                fixedRange = SurvivalTimeRange()
                for t in exit { fixedRange.add(t) }
            }
        }

        // R's survfit0 origin: min(0, all times of the fit).
        let origin = min(0, fixedRange.lowest)

        let z = Normal.quantile(1 - (1 - options.confidenceLevel) / 2)
        let robust = options.variance == .robust
            || (options.variance == .automatic && KaplanMeierRobustVariance.isDefault(for: weights))
        // Counting-sort fast path: unweighted right-censored data on a small integer grid.
        if weights == nil, start == nil, !robust, n >= 64,
           let grid = SurvivalTimeBuckets(fixedRange, maxBuckets: (2 * n + 4096) / k) {
            return denseCurves(exit: exit, event: event, group: group, groupCount: k, grid: grid,
                               origin: origin, z: z, options: options)
        }
        let exitParts = SurvivalTimeOrder.partition(
            exitOrder ?? SurvivalTimeOrder.ascending(exit), codes: group, codeCount: k)
        let entryParts = start.map {
            SurvivalTimeOrder.partition(SurvivalTimeOrder.ascending($0), codes: group, codeCount: k)
        }
        var curves: [KaplanMeierCurve] = []
        curves.reserveCapacity(k)
        for g in 0..<k {
            let lo = exitParts.starts[g], hi = exitParts.starts[g + 1]
            curves.append(curve(
                exitOrder: exitParts.order[lo..<hi],
                entryOrder: entryParts.map { $0.order[$0.starts[g]..<$0.starts[g + 1]] },
                exit: exit, entry: start, event: event, weights: weights,
                origin: origin, z: z, options: options, robust: robust))
        }
        return curves
    }

    /// The reverse Kaplan–Meier curve (censorings counted as events, events as censorings) of
    /// all rows pooled, made from the per-group curves of one `fitByGroup` call on unweighted
    /// right-censored data: the same curve as `fit(time: time, event: event.map { !$0 })` on
    /// those rows (R's `survfit(Surv(time, 1 - status) ~ 1)`, the median follow-up), without
    /// another pass over the rows. The pooled counts are sums of integer counts, so they are
    /// exact and the curve is bit-identical to the direct fit.
    ///
    /// Returns nil for no curves, delayed-entry or robust-variance curves; weighted curves must
    /// not be passed (their counts are weights, the direct fit here is unweighted).
    /// Cost: O(points × groups).
    public static func reversePooled(_ curves: [KaplanMeierCurve]) -> KaplanMeierCurve? {
        guard let first = curves.first, !curves.contains(where: { $0.isDelayedEntry || $0.usesRobustVariance }) else { return nil }
        let k = curves.count
        var next = [Int](repeating: 0, count: k)  // per curve: its first point not yet merged
        let total = curves.reduce(0) { $0 + $1.time.count }
        var times: [Double] = [], nRisk: [Double] = [], nEvent: [Double] = [], nCensor: [Double] = []
        var eventCount: [Int] = []
        times.reserveCapacity(total)
        while true {
            var t = Double.infinity
            var any = false
            for g in 0..<k where next[g] < curves[g].time.count {
                let tg = curves[g].time[next[g]]
                if !any || tg < t { t = tg }
                any = true
            }
            if !any { break }
            var risk = 0.0, censored = 0.0, events = 0.0
            for g in 0..<k where next[g] < curves[g].time.count {
                let c = curves[g], j = next[g]
                // Rows of g with exit >= t: its number at risk at its first time >= t.
                risk += c.nRisk[j]
                if c.time[j] == t {
                    censored += c.nCensor[j]
                    events += c.nEvent[j]
                    next[g] = j + 1
                }
            }
            times.append(t); nRisk.append(risk); nEvent.append(censored); nCensor.append(events)
            eventCount.append(Int(censored))
        }
        let options = Options(confidenceLevel: first.confidenceLevel, confidenceType: first.confidenceType)
        let z = Normal.quantile(1 - (1 - options.confidenceLevel) / 2)
        return assemble(
            records: curves.reduce(0) { $0 + $1.records }, isDelayedEntry: false, times: times, nRisk: nRisk,
            nEvent: nEvent, eventCount: eventCount, nCensor: nCensor, enteredAfter: nil, initialEntry: 0,
            origin: first.origin, z: z, options: options)
    }

    /// The largest last curve time over several curves: the horizon R uses for the restricted
    /// mean of grouped fits by default (`rmean = "common"`).
    public static func commonHorizon(_ curves: [KaplanMeierCurve]) -> Double? {
        var h: Double? = nil
        for c in curves {
            guard let last = c.time.last ?? (c.records > 0 ? c.origin : nil) else { continue }
            h = max(h ?? last, last)
        }
        return h
    }

    /// Lower and upper pointwise limits for S with standard error `stdErrLog` of log S at normal
    /// quantile z, as R's `survfit_confint(logse = TRUE)`. NaN stands for R's NA.
    public static func confidenceLimits(
        survival s: Double, stdErrLog se: Double, z: Double, type: ConfidenceType
    ) -> (lower: Double, upper: Double) {
        switch type {
        case .log:
            if s == 0 || s.isNaN { return (.nan, .nan) }
            let se2 = z * se
            let upper = exp(log(s) + se2)
            return (exp(log(s) - se2), upper.isNaN ? .nan : min(upper, 1))
        case .logLog:
            if s == 0 || s == 1 || s.isNaN { return (.nan, .nan) }
            let se2 = z * se / log(s)
            let ll = log(-log(s))
            return (exp(-exp(ll - se2)), exp(-exp(ll + se2)))
        case .plain:
            let se2 = se * s * z
            let lower = s - se2, upper = s + se2
            return (lower.isNaN ? .nan : max(lower, 0), upper.isNaN ? .nan : min(upper, 1))
        }
    }
}
