import SurvQLData
import SurvQLSyntax
import Survival

extension Evaluator {
    var kmConfidenceType: KaplanMeier.ConfidenceType {
        switch options.confType {
        case "log-log", "loglog": return .logLog
        case "plain": return .plain
        default: return .log
        }
    }

    /// Times for the numbers-at-risk table: 0 and steps of `every` (or a round step giving at
    /// most about eight columns) up to the last follow-up time.
    static func riskTimes(maxTime: Double, every: Double?) -> [Double] {
        guard maxTime.isFinite, maxTime > 0 else { return [0] }
        var step = every ?? 0
        if step <= 0 {
            let candidates: [Double] = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 180, 365, 730, 1000, 2000, 5000]
            step = candidates.first { maxTime / $0 <= 8 } ?? (maxTime / 8).rounded(.up)
        }
        var out: [Double] = []
        var t = 0.0
        while t <= maxTime + 1e-9 && out.count < 200 {
            out.append(t)
            t += step
        }
        return out
    }

    mutating func evaluateSurvive(_ s: SurviveStatement) throws -> StatementResult? {
        let c = try cohort(s.cohort)
        let g = try groups(s.grouping, in: c)
        let o = try outcome(s.endpoint, in: c)
        let weighting = try caseWeights(s.weight, in: c)
        var missing = MissingRows(count: c.count)
        if let weighting { missing.add(values: weighting.values) }
        let rows = usableRows(o, g, missing: missing, range: statement.range)
        if rows.isEmpty { throw error(RuntimeMessages.emptyCohort(c.name), statement.range, hint: "no patient has a usable survival time") }
        // Gathered once (shared, not copied, when every row is usable).
        let time = rows.gather(o.time)
        let event = rows.gather(o.event) { $0 == 1 }
        let entry = o.entry.map { rows.gather($0) }
        let codes = rows.gather(g.codes)
        let weights = weighting.map { rows.gather($0.values) }
        let kmOptions = KaplanMeier.Options(confidenceLevel: options.confidence, confidenceType: kmConfidenceType)
        let curves: [KaplanMeierCurve]
        do {
            curves = try KaplanMeier.fitByGroup(time: time, event: event, group: codes, groupCount: g.labels.count,
                                                entry: entry, weights: weights, options: kmOptions)
        } catch {
            throw self.error(("run.kaplanMeier", "Kaplan–Meier estimate failed: \(error)"), statement.range)
        }
        let maxTime = time.max() ?? 0
        let riskTimes = Self.riskTimes(maxTime: maxTime, every: s.every?.number)
        let atTimes = s.times.compactMap(\.number)
        var groupsOut: [SurvivalGroupResult] = []
        for (k, label) in g.labels.enumerated() {
            let curve = curves[k]
            if curve.records == 0 {
                warn(RuntimeMessages.emptyGroup(label), s.grouping?.range ?? statement.range)
            }
            let med = curve.median
            let summary = curve.summary(at: atTimes)
            let at: [SurvivalAtTime] = atTimes.map { t in
                if let p = summary.first(where: { $0.time == t }) {
                    return SurvivalAtTime(time: t, survival: p.survival, lower: p.lower.isNaN ? nil : p.lower,
                                          upper: p.upper.isNaN ? nil : p.upper, stdErr: p.stdErr.isNaN ? nil : p.stdErr, atRisk: p.nRisk)
                }
                return SurvivalAtTime(time: t, survival: nil, lower: nil, upper: nil, stdErr: nil, atRisk: nil)
            }
            // R's summary(fit, times = riskTimes, extend = TRUE)$n.risk: the number at risk at the
            // first event or censoring time at or after t, as the `at` rows give it; with delayed
            // entry that is not the count of entry < t <= exit.
            let riskSummary = curve.summary(at: riskTimes, extend: true)
            let atRisk: [Double] = riskTimes.map { t in riskSummary.first { $0.time == t }?.nRisk ?? 0 }
            var points: [SurvivalCurvePoint] = []
            points.reserveCapacity(curve.time.count)
            for j in curve.time.indices {
                points.append(SurvivalCurvePoint(time: curve.time[j], nRisk: curve.nRisk[j], nEvent: curve.nEvent[j], nCensor: curve.nCensor[j],
                                                 survival: curve.survival[j], lower: curve.lower[j].isNaN ? nil : curve.lower[j],
                                                 upper: curve.upper[j].isNaN ? nil : curve.upper[j],
                                                 stdErr: curve.stdErrLogSurvival[j].isFinite ? curve.stdErrLogSurvival[j] : nil))
            }
            var rmean: RestrictedMean? = nil
            if let h = s.rmean?.number, let r = curve.restrictedMean(horizon: h) {
                rmean = RestrictedMean(horizon: r.horizon, value: r.estimate, stdErr: r.standardError.isFinite ? r.standardError : nil)
            }
            groupsOut.append(SurvivalGroupResult(label: label, n: curve.records, events: curve.events,
                                                 median: med.time, medianLower: med.lower, medianUpper: med.upper,
                                                 at: at, curve: points, atRisk: atRisk, rmean: rmean))
        }
        let dropped = c.count - rows.count
        var out = SurvivalResult(cohort: c.name, endpoint: o.description, confidence: options.confidence,
                                 confType: kmConfidenceType.rawValue, grouping: s.grouping == nil ? nil : g.description,
                                 groups: groupsOut, riskTimes: riskTimes, dropped: dropped)
        out.weight = weighting?.column
        // Median follow-up: reverse Kaplan–Meier (censorings as events), unweighted, as reported in papers.
        let reverse = weights == nil && entry == nil ? KaplanMeier.reversePooled(curves)
            : try? KaplanMeier.fit(time: time, event: event.map { !$0 }, entry: entry, options: kmOptions)
        if let fu = reverse {
            let m = fu.median
            out.followUp = FollowUp(median: m.time, lower: m.lower, upper: m.upper)
        }
        return result(.survival(out))
    }
}
