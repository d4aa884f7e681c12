/// Merging of near-equal survival times before any fit: R's `aeqSurv()`, which `survfit`,
/// `survdiff` and `coxph` apply by default (`timefix = TRUE`).
///
/// Definition (survival 3.5-3, R/aeqSurv.R): let y be the sorted distinct finite time values
/// (for delayed-entry data, entry and exit times together) and dy their successive differences.
/// A gap is *tied* when `dy <= tol` (absolute) or `dy / mean(|y|) <= tol` (relative), with
/// `tol = sqrt(.Machine$double.eps)` ≈ 1.49e-8. The cut points are y[1] and every y that starts
/// an untied gap; each time is replaced by the largest cut point not above it. Chains of tied
/// gaps therefore collapse onto their first value, and values below the absolute tolerance
/// apart (e.g. 1e-300 and 2e-300) are merged.
///
/// Edge behaviour: an empty input or a tolerance `<= 0` returns the input unchanged; NaN or
/// infinite times are rejected (`nonFiniteTime`); an (entry, exit] interval that collapses to
/// length zero is rejected (`timeFixCollapsedInterval`, R: "aeqSurv exception").
/// Cost: one linear pass when all times are integers below 1/tol in magnitude (nothing can be
/// tied); otherwise one O(n) radix ordering and two linear passes.
public enum TimeFix {
    /// R's default tolerance, `sqrt(.Machine$double.eps)`.
    public static let defaultTolerance: Double = Double.ulpOfOne.squareRoot()

    /// Merges near-equal values in right-censored follow-up times.
    public static func apply(
        _ times: [Double], tolerance: Double = defaultTolerance
    ) throws(TimeToEventInputError) -> [Double] {
        try checkTolerance(tolerance)
        // One scan validates and tells whether anything could merge (whole days cannot).
        var range = SurvivalTimeRange()
        var bad: Int? = nil
        times.withUnsafeBufferPointer { p in
            for i in 0..<p.count {
                if !p[i].isFinite { bad = i; break }
                range.add(p[i])
            }
        }
        if let bad { throw .nonFiniteTime(row: bad) }
        if tolerance <= 0 || times.count < 2 { return times }
        if tolerance == defaultTolerance && cannotMerge(range) { return times }
        return merged(times, tolerance: tolerance) ?? times
    }

    /// Merges near-equal values in delayed-entry data `(entry, exit]`; entry and exit times are
    /// pooled when finding near-equal values, as R does for `Surv(start, stop, event)`.
    public static func apply(
        entry: [Double], exit: [Double], tolerance: Double = defaultTolerance
    ) throws(TimeToEventInputError) -> (entry: [Double], exit: [Double]) {
        try checkTolerance(tolerance)
        guard entry.count == exit.count else {
            throw .lengthMismatch("entry", expected: exit.count, actual: entry.count)
        }
        for (i, t) in entry.enumerated() where !t.isFinite { throw .nonFiniteTime(row: i) }
        for (i, t) in exit.enumerated() where !t.isFinite { throw .nonFiniteTime(row: i) }
        if tolerance <= 0 || exit.isEmpty { return (entry, exit) }
        let n = exit.count
        guard let all = merged(entry + exit, tolerance: tolerance) else { return (entry, exit) }
        let newEntry = Array(all[0..<n]), newExit = Array(all[n...])
        for i in 0..<n where newEntry[i] == newExit[i] && entry[i] != exit[i] {
            throw .timeFixCollapsedInterval(row: i)
        }
        return (newEntry, newExit)
    }

    private static func checkTolerance(_ tolerance: Double) throws(TimeToEventInputError) {
        if !tolerance.isFinite { throw .invalidParameter("time-fix tolerance must be finite") }
    }

    /// The merged values, or nil when no gap is tied (input unchanged). Values must be finite.
    static func merged(_ values: [Double], tolerance: Double) -> [Double]? {
        mergedAndOrder(values, tolerance: tolerance).merged
    }

    /// Right-censored times after merging, plus their stable ascending order when it was
    /// computed along the way and nothing changed (so callers need not sort again).
    static func fixedWithOrder(_ times: [Double]) throws(TimeToEventInputError) -> (times: [Double], order: [Int]?) {
        for (i, t) in times.enumerated() where !t.isFinite { throw .nonFiniteTime(row: i) }
        if times.count < 2 { return (times, nil) }
        let r = mergedAndOrder(times, tolerance: defaultTolerance)
        if let merged = r.merged { return (merged, nil) }
        return (times, r.order)
    }

    /// True when R's default time fixing cannot change times summarized by `range`: distinct
    /// integers are at least 1 apart and mean(|y|) <= max|y|, so no gap can be tied when
    /// max|y| < 1/tol (e.g. follow-up in whole days).
    static func cannotMerge(_ range: SurvivalTimeRange) -> Bool {
        range.count < 2 || (range.isIntegral && max(range.lowest.magnitude, range.highest.magnitude) < 1 / defaultTolerance)
    }

    /// The merged values (nil when no gap is tied) and, when nothing changed and an ordering was
    /// computed, the stable ascending order of `values`.
    static func mergedAndOrder(_ values: [Double], tolerance: Double) -> (merged: [Double]?, order: [Int]?) {
        // Fast exit: distinct integers are at least 1 apart and mean(|y|) <= max|y|, so no gap can
        // be tied when 1 > tol and max|y| < 1/tol (e.g. follow-up in whole days).
        if tolerance < 1 {
            var integral = true
            var largest = 0.0
            values.withUnsafeBufferPointer { p in
                for v in p {
                    if !SurvivalTimeRange.isInteger(v) { integral = false; break }
                    largest = max(largest, abs(v))
                }
            }
            if integral && largest < 1 / tolerance { return (nil, nil) }
        }
        let order = SurvivalTimeOrder.ascending(values)
        // Distinct sorted values and the mean of their absolute values (R: mean(abs(y))).
        var distinct: [Double] = []
        distinct.reserveCapacity(min(values.count, 1 << 16))
        var last = Double.nan
        for i in order {
            let v = values[i]
            if !(v == last) { distinct.append(v); last = v }
        }
        if distinct.count < 2 { return (nil, order) }
        var sum = 0.0
        for v in distinct { sum += abs(v) }
        var mean = sum / Double(distinct.count)
        if !mean.isFinite {
            mean = 0
            let m = Double(distinct.count)
            for v in distinct { mean += abs(v) / m }
        }
        // Map each distinct value to its cut point.
        var cut = distinct
        var anyTied = false
        var currentCut = distinct[0]
        for j in 1..<distinct.count {
            let dy = distinct[j] - distinct[j - 1]
            if dy <= tolerance || dy / mean <= tolerance {
                anyTied = true
            } else {
                currentCut = distinct[j]
            }
            cut[j] = currentCut
        }
        if !anyTied { return (nil, order) }
        var out = values
        var j = -1
        last = .nan
        for i in order {
            let v = values[i]
            if !(v == last) { j += 1; last = v }
            out[i] = cut[j]
        }
        return (out, nil)
    }
}
