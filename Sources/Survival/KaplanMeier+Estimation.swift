#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The estimation passes behind `KaplanMeier.fitByGroup`: a sorting path for any data (weights,
/// delayed entry, non-integer times) and a counting-sort path for unweighted integer times.
extension KaplanMeier {
    /// One group's curve from its rows in exit-time order (and entry-time order for delayed
    /// entry). Mirrors survfitkm.c: counts accumulate backwards in time, then S and the
    /// Greenwood sum forwards.
    static func curve(
        exitOrder: ArraySlice<Int>, entryOrder: ArraySlice<Int>?,
        exit: [Double], entry: [Double]?, event: [Bool], weights: [Double]?,
        origin: Double, z: Double, options: Options, robust: Bool = false
    ) -> KaplanMeierCurve {
        var times: [Double] = [], nRisk: [Double] = [], nEvent: [Double] = []
        var eventCount: [Int] = [], nCensor: [Double] = [], enteredAfter: [Double] = []
        var atRisk = 0.0
        var p2 = exitOrder.endIndex - 1
        var p1 = (entryOrder?.endIndex ?? 0) - 1
        exit.withUnsafeBufferPointer { exitP in
            while p2 >= exitOrder.startIndex {
                let t = exitP[exitOrder[p2]]
                var d = 0.0, d0 = 0, c = 0.0
                while p2 >= exitOrder.startIndex {
                    let i = exitOrder[p2]
                    if exitP[i] < t { break }
                    let w = weights?[i] ?? 1
                    atRisk += w
                    if event[i] { d0 += 1; d += w } else { c += w }
                    p2 -= 1
                }
                if let entryOrder, let entry {
                    // Rows entering at or after t are not yet at risk at t.
                    var entered = 0.0
                    while p1 >= entryOrder.startIndex {
                        let i = entryOrder[p1]
                        if entry[i] < t { break }
                        let w = weights?[i] ?? 1
                        atRisk -= w
                        entered += w
                        p1 -= 1
                    }
                    enteredAfter.append(entered)
                }
                times.append(t); nRisk.append(atRisk); nEvent.append(d)
                eventCount.append(d0); nCensor.append(c)
            }
        }
        times.reverse(); nRisk.reverse(); nEvent.reverse(); eventCount.reverse(); nCensor.reverse()
        enteredAfter.reverse()  // now enteredAfter[j] = entries in [t_j, t_{j+1})
        var initialEntry = 0.0
        if let entryOrder, p1 >= entryOrder.startIndex {
            for q in entryOrder.startIndex...p1 { initialEntry += weights?[entryOrder[q]] ?? 1 }
        }
        var robustStdErr: [Double]? = nil
        if robust {
            robustStdErr = KaplanMeierRobustVariance.stdErrSurvival(
                exitOrder: exitOrder, entryOrder: entryOrder, exit: exit, entry: entry, event: event,
                weights: weights ?? [Double](repeating: 1, count: exit.count),
                time: times, nRisk: nRisk, nEvent: nEvent)
        }
        return assemble(
            records: exitOrder.count, isDelayedEntry: entry != nil, times: times, nRisk: nRisk, nEvent: nEvent,
            eventCount: eventCount, nCensor: nCensor, enteredAfter: entry != nil ? enteredAfter : nil,
            initialEntry: initialEntry, origin: origin, z: z, options: options, robustStdErr: robustStdErr)
    }

    /// Curves for unweighted right-censored data whose times lie on a small integer grid: rows
    /// are counted per (group, time) in one sequential pass, then each group's grid is walked
    /// backwards for the numbers at risk, exactly as the sorting path does with integer counts.
    static func denseCurves(
        exit: [Double], event: [Bool], group: [Int32], groupCount k: Int, grid: SurvivalTimeBuckets,
        origin: Double, z: Double, options: Options
    ) -> [KaplanMeierCurve] {
        let r = grid.count
        var rows = [Int32](repeating: 0, count: k * r)
        var deaths = [Int32](repeating: 0, count: k * r)
        var records = [Int](repeating: 0, count: k)
        rows.withUnsafeMutableBufferPointer { rowsP in
        deaths.withUnsafeMutableBufferPointer { deathsP in
        exit.withUnsafeBufferPointer { exitP in
        event.withUnsafeBufferPointer { eventP in
        group.withUnsafeBufferPointer { groupP in
            for i in 0..<exitP.count {
                let b = Int(groupP[i]) &* r &+ grid.bucket(exitP[i])
                rowsP[b] &+= 1
                deathsP[b] &+= eventP[i] ? 1 : 0  // no branch on the (unpredictable) status
            }
        }}}}}
        var curves: [KaplanMeierCurve] = []
        curves.reserveCapacity(k)
        for g in 0..<k {
            let base = g * r
            var m = 0
            for b in 0..<r where rows[base + b] > 0 { m += 1; records[g] += Int(rows[base + b]) }
            var times = [Double](repeating: 0, count: m), nRisk = times, nEvent = times, nCensor = times
            var eventCount = [Int](repeating: 0, count: m)
            var j = m - 1
            var atRisk = 0.0
            var b = r - 1
            while b >= 0 {
                let c = rows[base + b]
                if c > 0 {
                    let d = deaths[base + b]
                    atRisk += Double(c)
                    times[j] = grid.lowest + Double(b)
                    nRisk[j] = atRisk
                    nEvent[j] = Double(d)
                    eventCount[j] = Int(d)
                    nCensor[j] = Double(c - d)
                    j -= 1
                }
                b -= 1
            }
            curves.append(assemble(
                records: records[g], isDelayedEntry: false, times: times, nRisk: nRisk, nEvent: nEvent,
                eventCount: eventCount, nCensor: nCensor, enteredAfter: nil, initialEntry: 0,
                origin: origin, z: z, options: options))
        }
        return curves
    }

    /// Survival, Greenwood error and bands from the per-time counts (forward pass of survfitkm.c).
    static func assemble(
        records: Int, isDelayedEntry: Bool, times: [Double], nRisk: [Double], nEvent: [Double],
        eventCount: [Int], nCensor: [Double], enteredAfter: [Double]?, initialEntry: Double,
        origin: Double, z: Double, options: Options, robustStdErr: [Double]? = nil
    ) -> KaplanMeierCurve {
        let m = times.count
        // nEnter[j]: weight joining the risk set between the previous curve time and t_j.
        var nEnter = [Double](repeating: 0, count: m)
        if m > 0 {
            if let enteredAfter {
                for j in 0..<(m - 1) { nEnter[j + 1] = enteredAfter[j] }
                nEnter[0] = initialEntry
            } else {
                nEnter[0] = nRisk[0]
            }
        }
        var surv = [Double](repeating: 1, count: m)
        var seLog = [Double](repeating: 0, count: m)
        var lower = [Double](repeating: 1, count: m)
        var upper = [Double](repeating: 1, count: m)
        var km = 1.0, greenwood = 0.0
        for j in 0..<m {
            let nrisk = nRisk[j], d1 = nEvent[j]
            if eventCount[j] > 0 && d1 > 0 {
                km *= (nrisk - d1) / nrisk
                greenwood += d1 / (nrisk * (nrisk - d1))
            }
            surv[j] = km
            if let robustStdErr {
                // R's survfit_confint(logse = FALSE): se(S) / S on the log scale, 0 where se = 0.
                seLog[j] = robustStdErr[j] == 0 ? 0 : robustStdErr[j] / km
            } else {
                seLog[j] = greenwood.squareRoot()
            }
            let ci = confidenceLimits(survival: km, stdErrLog: seLog[j], z: z, type: options.confidenceType)
            lower[j] = ci.lower
            upper[j] = ci.upper
        }
        return KaplanMeierCurve(
            records: records, isDelayedEntry: isDelayedEntry, usesRobustVariance: robustStdErr != nil,
            confidenceLevel: options.confidenceLevel, confidenceType: options.confidenceType,
            origin: origin, time: times, nRisk: nRisk, nEvent: nEvent, nCensor: nCensor, nEnter: nEnter,
            survival: surv, stdErrLogSurvival: seLog, lower: lower, upper: upper)
    }
}
