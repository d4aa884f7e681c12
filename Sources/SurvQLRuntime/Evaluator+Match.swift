import SurvQLData
import SurvQLSyntax
import Survival

extension Evaluator {
    /// A cohort column as a covariate of the propensity model: numbers as they are (whole numbers
    /// stored narrow stay narrow when every row is used), text as a factor over the levels present
    /// (first level the reference). Missing values are an error naming how many rows have them.
    /// `rows` ascends; nil stands for every row.
    func matchCovariate(_ name: Name, in cohort: Cohort, rows: [Int]?) throws -> DesignMatrix.Covariate {
        let c = try column(name, in: cohort)
        var missing = 0
        switch c.storage {
        case let .numeric(v):
            // With every row the column's values serve as they are (shared, narrow or doubles).
            if rows == nil, let narrow = v.int8Cells.map(DesignMatrix.WholeNumbers.int8)
                ?? v.int16Cells.map(DesignMatrix.WholeNumbers.int16) ?? v.int32Cells.map(DesignMatrix.WholeNumbers.int32) {
                missing = v.missingCount
                if missing == 0 { return .integers(name: c.name, values: narrow) }
                break
            }
            let values = rows.map { v.gather($0) } ?? v.doubles
            missing = values.filter(\.isNaN).count
            if missing == 0 { return .numeric(name: c.name, values: values) }
        case let .coded(codes, levels):
            // 32-bit codes (a table's codes fit), renumbered in place over the levels present.
            var sub = rows?.map { codes[$0] } ?? (0..<cohort.count).map { codes[$0] }
            missing = sub.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            if missing == 0 {
                var used = [Bool](repeating: false, count: levels.count)
                for x in sub where Int(x) < levels.count { used[Int(x)] = true }
                let kept = levels.indices.filter { used[$0] }
                if kept.count < levels.count {
                    var remap = [Int32](repeating: -1, count: levels.count)
                    for (k, old) in kept.enumerated() { remap[old] = Int32(truncatingIfNeeded: k) }   // k < levels.count
                    for i in sub.indices where Int(sub[i]) < levels.count { sub[i] = remap[Int(sub[i])] }
                }
                return .categorical(name: c.name, codes: sub, levels: kept.map { levels[$0] })
            }
        }
        throw error(("run.missingCovariate", "\(missing) patient\(missing == 1 ? " has" : "s have") no value of '\(c.name)', which the propensity score needs"),
                    name.range, hint: "leave them out first, e.g. let complete = \(cohort.name) where \(name.text) is not missing")
    }

    mutating func evaluateMatch(_ s: MatchStatement) throws -> StatementResult? {
        guard let name = s.name, let treatment = s.treatment else { return nil }
        let c = try cohort(s.cohort)
        try requireAlterationData(treatment, in: c)
        let truth = try evaluateCondition(treatment, in: c)
        let profiled = treatment.containsAlteration ? profiledRows(treatment, in: c) : [Bool](repeating: true, count: c.count)
        // The rows matched (the units of the matcher); nil while every row is, which saves a
        // list of all rows.
        var rows: [Int]? = nil
        var unknown = 0, notProfiled = 0
        for i in 0..<c.count {
            let out = !profiled[i] || truth[i] < 0
            if out {
                if !profiled[i] { notProfiled += 1 } else { unknown += 1 }
                if rows == nil { rows = Array(0..<i) }
            } else if rows != nil {
                rows!.append(i)
            }
        }
        let unitCount = rows?.count ?? c.count
        /// The cohort row of matcher unit `u`.
        func row(_ u: Int) -> Int { rows?[u] ?? u }
        if unknown > 0 { warn("run.missingTreatment", "\(unknown) patient\(unknown == 1 ? " was" : "s were") left out: the treatment condition is unknown for them (a missing value)", treatment.range) }
        if notProfiled > 0 { warn("run.notProfiled", "\(notProfiled) patient\(notProfiled == 1 ? " was" : "s were") left out as not profiled for \(text(treatment.range))", treatment.range) }
        let treated = (0..<unitCount).map { truth[row($0)] == 1 }
        let covariates = try s.covariates.map { try matchCovariate($0, in: c, rows: rows) }
        let exact = try s.exact.map { try matchCovariate($0, in: c, rows: rows) }
        let ratio = Int(s.ratio?.number ?? 1)
        let order: NearestNeighborMatcher.Order = s.seed.flatMap { $0.number }.map { .random(seed: UInt64($0)) }
            ?? (options.seed.map { .random(seed: $0) } ?? .largest)
        let compat = options.matchRule == "matchit-4.5.1"
        var matcher = NearestNeighborMatcher(ratio: ratio, replace: s.withReplacement, caliper: s.caliper?.number,
                                             order: order, gapRule: compat ? .matchIt451 : .matchIt472)
        matcher.isCancelled = cancellation?.check
        matcher.threads = options.threads
        let m = matcher.matchOnPropensity(treated: treated, covariates: covariates, exact: exact)
        if m.result.cancelled { throw CancellationError() }
        for w in m.model.warnings {
            warn("run.propensityModel", "propensity model: \(w.message)", treatment.range,
                 hint: "a covariate that separates treated from controls makes scores of 0 or 1; consider matching exactly on it instead")
        }
        if !m.model.aliasedNames.isEmpty {
            warn("run.propensityAliased", "propensity model: no coefficient for \(m.model.aliasedNames.joined(separator: ", ")) (no variation, or collinear with other covariates)", statement.range)
        }
        let r = m.result
        if let fatal = r.diagnostics.first(where: \.isError) {
            throw error(("run.matchFailed", "matching failed: \(fatal.message)"), statement.range,
                        hint: r.counts.treated == 0 ? "no patient meets '\(text(treatment.range))'" : nil)
        }
        for d in r.diagnostics { warn("run.matchWarning", d.message, statement.range) }
        if compat, s.caliper != nil {
            warn("run.matchitCaliper", "as in MatchIt 4.5.1, the caliper compares whole-number gaps, so on the probability scale it rejects no pair",
                 s.caliper!.range, hint: "the default match_rule matchit-4.7.2 has true nearest neighbours and a working caliper")
        }
        let repeated = r.matchedControls.filter { Set($0).count < $0.count }.count
        if repeated > 0 {
            warn(RuntimeMessages.repeatedControl(repeated), statement.range,
                 hint: "compare ignores weights: analyse the matched cohort with its 'weight' column (MatchIt's ATT weights, which count every pairing), or use match_rule matchit-4.7.2, which never repeats a control within a set")
        }

        // The matched cohort: each set's treated patient, then its controls.
        var positions: [Int32] = []
        var matchIds: [Double] = []
        var weights: [Double] = []
        var treatedFlag: [Double] = []
        var seen = [Bool](repeating: false, count: unitCount)
        var sets: [(treated: String, controls: [String])] = []
        positions.reserveCapacity(r.counts.matchedTreated + r.counts.matchedControls)
        sets.reserveCapacity(r.counts.matchedTreated)
        for (t, tr) in r.treatedRows.enumerated() where !r.matchedControls[t].isEmpty {
            let setId = Double(r.setId(of: tr) ?? (t + 1))
            let members = [tr] + r.matchedControls[t]
            for u in members where !seen[u] {
                seen[u] = true
                positions.append(Int32(row(u)))
                matchIds.append(setId)
                weights.append(r.weights[u])
                treatedFlag.append(treated[u] ? 1 : 0)
            }
            sets.append((c.identifier(at: row(tr)), r.matchedControls[t].map { c.identifier(at: row($0)) }))
        }
        let defining = DefiningCondition(expression: treatment, file: file)
        var cohort = c.subset(positions, name: name.text, defining: defining, origin: "match \(c.name) by \(text(treatment.range))")
        let table = try cohort.table.appending([
            Column(name: "match_id", type: .integer, values: matchIds),
            Column(name: "weight", type: .number, values: weights),
            Column(name: "treated", type: .boolean, values: treatedFlag),
        ])
        cohort = Cohort(name: name.text, dataset: cohort.dataset, unit: cohort.unit, selection: cohort.selection, table: table,
                        defining: defining, origin: cohort.origin, defaultWeight: s.withReplacement ? "weight" : nil)

        var balance: [BalanceRow] = []
        if let b = m.balance {
            let matchedByName = Dictionary(b.matched.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for row in b.all {
                let after = matchedByName[row.name]
                balance.append(BalanceRow(covariate: row.name, meanTreated: row.meanTreated, meanControlBefore: row.meanControl,
                                          meanControlAfter: after?.meanControl, smdBefore: row.standardizedMeanDifference,
                                          smdAfter: after?.standardizedMeanDifference, varianceRatioAfter: after?.varianceRatio))
            }
        }
        var reasons: [String: Int] = [:]
        for (t, reason) in r.shortfallReasons.enumerated() where r.matchedControls[t].isEmpty {
            reasons[reason?.message ?? "unmatched", default: 0] += 1
        }
        var notes: [String] = []
        let short = r.shortfallReasons.enumerated().filter { $0.element != nil && !r.matchedControls[$0.offset].isEmpty }.count
        if short > 0 { notes.append("\(short) treated patient\(short == 1 ? "" : "s") got fewer than \(ratio) controls") }
        notes.append(compat ? "matching rule: MatchIt 4.5.1 (bit-for-bit)" : "matching rule: MatchIt 4.7.2")
        if case .random = order { notes.append("treated patients matched in a random order (seed \(s.seed?.spelling ?? options.seed.map(String.init) ?? ""))") }

        if session.cohort(named: name.text) != nil { warn("run.redefined", "the cohort '\(name.text)' is replaced", name.range) }
        session.define(cohort)
        let mr = MatchResult(cohort: c.name, name: name.text, treatment: text(treatment.range),
                             treated: r.counts.treated, controls: r.counts.controls,
                             matchedTreated: r.counts.matchedTreated, matchedControls: r.counts.matchedControls,
                             ratio: ratio, caliper: s.caliper?.number, caliperWidth: r.caliperWidth,
                             exact: s.exact.map(\.text), covariates: s.covariates.map(\.text),
                             unmatched: reasons.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                             sets: sets, balance: balance, notes: notes)
        return result(.match(mr))
    }
}
