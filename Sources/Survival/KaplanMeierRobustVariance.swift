/// The infinitesimal-jackknife (robust) standard error of a Kaplan–Meier curve, which is what R
/// reports by default when case weights are not all integers.
///
/// R's `survfitKM()` (survival 3.5-3) sets `robust = TRUE` when any weight differs from its floor
/// (`has.rwt`), with each row its own cluster when no `id`/`cluster` is given. Then `std.err` is
/// the IJ standard error of S itself (`logse = FALSE`), and `survfit_confint()` builds the bands
/// from `se / S` on the log scale (0 where se = 0). Integer (frequency) weights keep Greenwood.
///
/// Definition (src/survfitkm.c, robust branch, `type = 1`): each row k carries an influence value
/// I_k. At each time t_j with weighted deaths d_j > 0 among n_j at risk (hazard h = d/n), every row
/// is updated as `I_k = I_k (1 - h) + [k at risk] w_k S(t_j-) h / n_j`, and each row with an event at
/// t_j then gets `I_k -= S(t_j-) w_k / n_j`; the reported `std.err` is `sqrt(sum_k I_k^2)`, carried
/// unchanged across times without events. At risk means `entry < t_j <= exit`.
///
/// Closed form used here, O(n) per curve instead of R's O(n × times): with the Greenwood sum
/// G(t) = sum over event times <= t of d/(n(n - d)) and g_k = G(entry_k) (0 for right-censored
/// rows), a row still at risk after t_j has I_k = w_k S(t_j) (G(t_j) - g_k); a row that left at its
/// exit time keeps I_k = S(t_j) r_k with r_k = w_k (G(exit_k) - g_k) - [event] w_k / (n - d) at its
/// exit. So Var = S(t_j)^2 (sum_at-risk w_k^2 (G - g_k)^2 + sum_left r_k^2), kept as running sums
/// that are updated when G grows (no subtraction of large squares).
///
/// Edges: once S reaches 0 (all rows at risk with positive weight die), every I_k is 0 and the
/// standard error is 0 from there on, as in R. Curves with no events have standard error 0.
enum KaplanMeierRobustVariance {
    /// The IJ standard error of S at each curve point (R's `std.err` with `logse = FALSE`).
    ///
    /// - Parameters:
    ///   - exitOrder: this curve's rows, ascending by exit time (stable).
    ///   - entryOrder: the same rows ascending by entry time, for delayed-entry data.
    ///   - exit, entry, event, weights: the full input columns (indexed by row).
    ///   - time, nRisk, nEvent: the curve's distinct exit times and weighted counts.
    /// - Returns: one standard error per curve point.
    static func stdErrSurvival(
        exitOrder: ArraySlice<Int>, entryOrder: ArraySlice<Int>?,
        exit: [Double], entry: [Double]?, event: [Bool], weights: [Double],
        time: [Double], nRisk: [Double], nEvent: [Double]
    ) -> [Double] {
        let m = time.count
        var se = [Double](repeating: 0, count: m)
        if m == 0 { return se }
        // Rows at risk: s0 = sum w^2, s1 = sum w^2 (G - g), s2 = sum w^2 (G - g)^2.
        var s0 = 0.0, s1 = 0.0, s2 = 0.0
        // Rows that have left: sum of r^2 (influence divided by S at the current time).
        var left = 0.0
        var greenwood = 0.0, km = 1.0, current = 0.0
        var g = [Double](repeating: 0, count: entry == nil ? 0 : exit.count)
        var pEntry = entryOrder?.startIndex ?? 0
        var pExit = exitOrder.startIndex
        if entryOrder == nil {
            for i in exitOrder { s0 += weights[i] * weights[i] }
        }
        for j in 0..<m {
            let t = time[j]
            if let entryOrder, let entry {
                while pEntry < entryOrder.endIndex, entry[entryOrder[pEntry]] < t {
                    let i = entryOrder[pEntry]
                    g[i] = greenwood
                    s0 += weights[i] * weights[i]
                    pEntry += 1
                }
            }
            let n = nRisk[j], d = nEvent[j]
            let eventTime = d > 0
            var deathFactor = 0.0  // 1 / (n - d): the extra influence of a death at t
            if eventTime {
                km *= (n - d) / n
                if km > 0 {
                    let delta = d / (n * (n - d))
                    greenwood += delta
                    s2 += delta * (2 * s1 + delta * s0)
                    s1 += delta * s0
                    deathFactor = 1 / (n - d)
                }
            }
            while pExit < exitOrder.endIndex, exit[exitOrder[pExit]] <= t {
                let i = exitOrder[pExit]
                let w = weights[i]
                let x = greenwood - (entry == nil ? 0 : g[i])
                s0 -= w * w
                s1 -= w * w * x
                s2 -= w * w * x * x
                let r = w * x - (event[i] && eventTime ? w * deathFactor : 0)
                left += r * r
                pExit += 1
            }
            if eventTime {
                if km > 0 {
                    let variance = km * km * (max(s2, 0) + left)
                    current = variance.squareRoot()
                } else {
                    current = 0
                }
            }
            se[j] = current
        }
        return se
    }

    /// True when R would use this variance: some weight is not an integer (`weights != floor`).
    static func isDefault(for weights: [Double]?) -> Bool {
        guard let weights else { return false }
        for w in weights where w != w.rounded(.down) { return true }
        return false
    }
}
