import Foundation
import SurvQLData
import SurvQLSyntax
import Survival

/// Case weights as used by a survival statement.
struct CaseWeights {
    /// The column's name as stored.
    var column: String
    /// One value per cohort row; NaN when missing.
    var values: [Double]
}

extension Evaluator {
    /// The case weights of a survival statement: the named column, else the cohort's default
    /// weight column (after `match ... with replacement`, with a note), else nil. Negative or
    /// infinite weights are an error on the column name.
    mutating func caseWeights(_ name: Name?, in c: Cohort) throws -> CaseWeights? {
        let col: Column
        let range: SourceRange
        if let name {
            col = try column(name, in: c)
            range = name.range
        } else if let d = c.defaultWeight, let found = c.table.column(named: d) {
            col = found
            range = statement.range
            let m = RuntimeMessages.defaultWeight(found.name, c.name)
            warnings.append(Diagnostic(m.id, .note, m.text, file: file, range: statement.range))
        } else {
            return nil
        }
        guard case let .numeric(v) = col.storage else { throw error(RuntimeMessages.weightNotNumeric(col.name), range) }
        if let i = v.firstIndex(where: { !$0.isNaN && !($0 >= 0 && $0.isFinite) }) {
            throw error(RuntimeMessages.badWeight(col.name, v[i], row: "patient \(c.identifier(at: i))"), range,
                        hint: "leave those patients out first, e.g. let kept = \(c.name) where \(col.name) >= 0")
        }
        return CaseWeights(column: col.name, values: v.doubles)
    }

    /// The weighted log-rank test of `test NAME`: survdiff's G-rho for right-censored data, the
    /// counting-process form with delayed entry, nothing (with a note) with case weights.
    func weightedTest(_ spec: TestSpec, time: [Double], event: [Bool], entry: [Double]?, codes: [Int32], groupCount k: Int,
                      strata: [Int32]?, weighted: Bool) -> (WeightedTestResult?, String?) {
        let name = spec.name.text.lowercased()
        let rho = name == "peto" ? 1 : (name == "fleming" ? spec.rho?.number ?? 0 : 0)
        let gamma = name == "fleming" ? spec.gamma?.number ?? 0 : 0
        if weighted {
            return (nil, "not computed: the weighted log-rank tests (R's survdiff) take no case weights")
        }
        do {
            let t: LogRankTest
            if let entry, entry.contains(where: { $0 > 0 }) {
                t = try LogRankTest.countingProcess(entry: entry, time: time, event: event, group: codes, groupCount: k,
                                                    strata: strata, rho: rho, gamma: gamma)
            } else {
                t = try LogRankTest.test(time: time, event: event, group: codes, groupCount: k, strata: strata, rho: rho, gamma: gamma)
            }
            let p = t.pValue
            return (WeightedTestResult(name: name, rho: rho, gamma: gamma, chisq: t.chiSquare, df: t.degreesOfFreedom, p: p,
                                       observed: t.observed, expected: t.expected),
                    t.chiSquare == nil ? "the variance is singular" : nil)
        } catch {
            return (nil, "not computed: \(error)")
        }
    }

    /// `check ph`: R's cox.zph(fit, transform = "km").
    func phCheck(_ model: CoxModel) -> PHCheckResult? {
        guard let z = CoxZPH.test(model, transform: .km) else { return nil }
        func row(_ r: CoxZPH.Row) -> PHCheckResult.Row { PHCheckResult.Row(term: r.term, chisq: r.chiSquare, df: r.df, p: r.p) }
        return PHCheckResult(transform: "km", terms: z.terms.map(row), global: row(z.global))
    }

    /// `rmst TAU`: each group's RMST and each group against the reference. τ beyond a group's
    /// last follow-up is an error on the clause.
    func rmstResult(_ tau: Literal, curves: [KaplanMeierCurve], labels: [String], unit: String?) throws -> RMSTResult {
        let horizon = tau.number ?? .nan
        for (k, c) in curves.enumerated() {
            let last = c.time.last ?? -.infinity
            if !(horizon <= last) {
                let lastText = NumberFormatting.short(last) + (unit.map { " \($0)" } ?? "")
                throw error(RuntimeMessages.rmstBeyondFollowUp(tau.spelling, labels[k], lastText), tau.range,
                            hint: "choose a horizon of at most \(NumberFormatting.short(curves.compactMap(\.time.last).min() ?? 0))")
            }
        }
        var groups: [RMSTResult.Group] = []
        for (k, c) in curves.enumerated() {
            guard let r = c.restrictedMean(horizon: horizon) else { continue }
            groups.append(RMSTResult.Group(label: labels[k], rmst: r.estimate, stdErr: r.standardError))
        }
        var contrasts: [RMSTResult.Contrast] = []
        for k in 1..<curves.count {
            guard let r = RestrictedMeanComparison.compare(reference: curves[0], group: curves[k], horizon: horizon,
                                                           confidenceLevel: options.confidence) else { continue }
            contrasts.append(RMSTResult.Contrast(label: labels[k], difference: r.difference, differenceStdErr: r.differenceStandardError,
                                                 differenceLower: r.differenceLower, differenceUpper: r.differenceUpper,
                                                 differenceP: r.differenceP, ratio: r.ratio, ratioLower: r.ratioLower,
                                                 ratioUpper: r.ratioUpper, ratioP: r.ratioP))
        }
        return RMSTResult(horizon: horizon, groups: groups, contrasts: contrasts)
    }
}

/// Short numbers for messages (`24.5`, `1e+03`).
enum NumberFormatting {
    static func short(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return String(format: "%.4g", x)
    }
}
