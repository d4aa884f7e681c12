import Foundation
import SurvQLSyntax
import Survival

/// What a `compare ... within COL` needs from the main comparison, row-aligned with its rows.
struct SubgroupDesign {
    var time: [Double]
    var event: [Bool]
    var entry: [Double]?
    /// Group code per row (0 = reference).
    var codes: [Int32]
    var labels: [String]
    /// Adjustment covariates (not the group indicators).
    var covariates: [CoxModel.Covariate]
    var weights: [Double]?
    var strata: [Int32]?
    var cluster: [Int32]?
    var ties: CoxModel.Ties
}

extension Evaluator {
    /// The fewest events a subgroup needs for its own hazard ratio: at least one event in every
    /// group and this many in all.
    static let subgroupMinimumEvents = 5

    /// `within COL`: the Cox model of the groups (with the same adjustment, strata, weights and
    /// entry) in each level of COL, and the likelihood-ratio test of the group × level
    /// interaction — `coxph(y ~ g * level)` against `coxph(y ~ g + level)` over the levels that
    /// were not skipped, as R's `anova(fit0, fit1)` — with the adjustment terms in both.
    mutating func subgroups(_ d: SubgroupDesign, within: [Int32], levels: [String], column: String, range: SourceRange) throws -> SubgroupResult {
        let k = d.labels.count
        func pick<T>(_ xs: [T]?, _ idx: [Int]) -> [T]? { xs.map { x in idx.map { x[$0] } } }
        func groupColumns(_ idx: [Int]) -> [CoxModel.Covariate] {
            (1..<k).map { j in CoxModel.Covariate(name: d.labels[j], values: idx.map { Int(d.codes[$0]) == j ? 1 : 0 }, term: "group") }
        }
        func fit(_ idx: [Int], _ cov: [CoxModel.Covariate]) throws -> CoxModel {
            try CoxModel.fit(time: idx.map { d.time[$0] }, event: idx.map { d.event[$0] }, entry: pick(d.entry, idx),
                             covariates: cov, strata: pick(d.strata, idx), weights: pick(d.weights, idx),
                             cluster: pick(d.cluster, idx), options: CoxModel.Options(ties: d.ties, confidenceLevel: options.confidence))
        }
        func adjust(_ idx: [Int]) -> [CoxModel.Covariate] {
            d.covariates.map { c in CoxModel.Covariate(name: c.name, values: idx.map { c.column[$0] }, term: c.term) }
        }
        var rows: [SubgroupResult.Row] = []
        var kept: [Int] = []
        for (l, label) in levels.enumerated() {
            let idx = within.indices.filter { Int(within[$0]) == l }
            var n = [Int](repeating: 0, count: k)
            var events = [Double](repeating: 0, count: k)
            for i in idx {
                n[Int(d.codes[i])] += 1
                if d.event[i] { events[Int(d.codes[i])] += 1 }
            }
            let total = events.reduce(0, +)
            if idx.isEmpty { continue }
            if let j = n.firstIndex(of: 0) {
                rows.append(.init(level: label, n: idx.count, events: events, terms: [], skipped: "no patients in the group '\(d.labels[j])'"))
                continue
            }
            if events.contains(0) || Int(total) < Self.subgroupMinimumEvents {
                rows.append(.init(level: label, n: idx.count, events: events, terms: [],
                                  skipped: "too few events (\(events.map { NumberFormatting.short($0) }.joined(separator: " vs "))); needs one in every group and \(Self.subgroupMinimumEvents) in all"))
                continue
            }
            do {
                let m = try fit(idx, groupColumns(idx) + adjust(idx))
                // A group whose events all come before (or after) the other's gives an infinite
                // hazard ratio (monotone likelihood); such a level has too little information.
                if !m.converged || m.warnings.contains(where: { w in
                    if case .possiblyInfinite = w { return true }
                    if case .someCoefficientsMayBeInfinite = w { return true }
                    return false
                }) {
                    rows.append(.init(level: label, n: idx.count, events: events, terms: [],
                                      skipped: "the hazard ratio cannot be estimated (monotone likelihood: too few events)"))
                    continue
                }
                let terms = m.coefficients.prefix(k - 1).map { co in
                    CoxTerm(term: co.name, coef: co.estimate, hr: co.hazardRatio, hrLower: co.lower, hrUpper: co.upper,
                            se: co.standardError, naiveSE: m.isRobust ? co.naiveStandardError : nil, z: co.z, p: co.p)
                }
                rows.append(.init(level: label, n: idx.count, events: events, terms: terms, skipped: nil))
                kept.append(l)
            } catch {
                rows.append(.init(level: label, n: idx.count, events: events, terms: [], skipped: "the Cox model failed: \(error)"))
            }
        }
        // Interaction over the kept levels.
        var interaction: TestStatistic? = nil
        var note: String? = nil
        if kept.count >= 2 {
            let idx = within.indices.filter { kept.contains(Int(within[$0])) }
            let levelCols = kept.dropFirst().map { l in
                CoxModel.Covariate(name: "\(column)=\(levels[l])", values: idx.map { Int(within[$0]) == l ? 1 : 0 }, term: column)
            }
            let g = groupColumns(idx)
            var products: [CoxModel.Covariate] = []
            for gc in g {
                for lc in levelCols {
                    products.append(CoxModel.Covariate(name: "\(gc.name):\(lc.name)", values: zip(gc.values, lc.values).map { $0 * $1 }, term: "interaction"))
                }
            }
            do {
                let m0 = try fit(idx, g + levelCols + adjust(idx))
                let m1 = try fit(idx, g + levelCols + products + adjust(idx))
                let df = m1.coefficients.filter { !$0.isRedundant }.count - m0.coefficients.filter { !$0.isRedundant }.count
                let chi = max(0, 2 * (m1.logLikelihood - m0.logLikelihood))
                if df > 0 { interaction = TestStatistic(chisq: chi, df: Double(df), p: ChiSquared.sf(chi, df: Double(df))) }
                else { note = "not computed: the interaction terms cannot be estimated" }
            } catch {
                note = "not computed: \(error)"
            }
        } else {
            note = "not computed: fewer than two subgroups have enough events"
        }
        return SubgroupResult(column: column, rows: rows, interaction: interaction, interactionNote: note)
    }
}
