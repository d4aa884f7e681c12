import Foundation
import SurvQLData
import SurvQLSyntax
import Survival

// `prevalence` and `associate`: who carries an alteration.
extension Evaluator {
    /// Replicates of the Monte Carlo Fisher test used when an r × c table is too large to enumerate.
    static let fisherReplicates = 10_000

    // MARK: prevalence

    mutating func evaluatePrevalence(_ s: PrevalenceStatement) throws -> StatementResult? {
        let c = try cohort(s.cohort)
        let method = s.method?.text.lowercased() ?? "wilson"
        let level = options.confidence
        let grouping = try s.by.map { try columnGroups($0, in: c, maxLevels: 500) }
        // Groups by size, largest first (ties by label order).
        var groupOrder: [Int] = []
        var groupSize: [Int] = []
        if let g = grouping {
            groupSize = [Int](repeating: 0, count: g.labels.count)
            for code in g.codes where code >= 0 { groupSize[Int(code)] += 1 }
            groupOrder = g.labels.indices.sorted { groupSize[$0] != groupSize[$1] ? groupSize[$0] > groupSize[$1] : $0 < $1 }
        }
        struct Tally { var n = 0; var positive = 0; var notProfiled = 0 }
        var overall: [(String, Tally)] = []
        var byGroup: [[Tally]] = []
        for alteration in s.alterations {
            // Carriers and non-carriers among the profiled rows; the checker allows only
            // alterations here, so a row left out of the groups is one that was not profiled.
            let status = try conditionGroups(alteration, in: c, text: text(alteration.range))
            var all = Tally()
            var groups = [Tally](repeating: Tally(), count: grouping?.labels.count ?? 0)
            for i in 0..<c.count {
                let code = Int(grouping?.codes[i] ?? -1)
                let carrier = Int(status.codes[i])
                if carrier < 0 {
                    all.notProfiled += 1
                    if code >= 0 { groups[code].notProfiled += 1 }
                    continue
                }
                all.n += 1
                all.positive += carrier
                if code >= 0 {
                    groups[code].n += 1
                    groups[code].positive += carrier
                }
            }
            overall.append((status.description, all))
            byGroup.append(groups)
        }
        func row(_ alteration: String, _ group: String?, _ t: Tally) -> PrevalenceRow {
            let ci = method == "exact"
                ? BinomialInterval.clopperPearson(successes: t.positive, trials: t.n, level: level)
                : BinomialInterval.wilson(successes: t.positive, trials: t.n, level: level)
            return PrevalenceRow(alteration: alteration, group: group, n: t.n, positive: t.positive, notProfiled: t.notProfiled,
                                 proportion: t.n > 0 ? Double(t.positive) / Double(t.n) : nil, lower: ci?.lower, upper: ci?.upper)
        }
        var rows = overall.map { row($0.0, grouping == nil ? nil : "all", $0.1) }
        if let g = grouping {
            for k in groupOrder {
                for (a, (label, _)) in overall.enumerated() { rows.append(row(label, g.labels[k], byGroup[a][k])) }
            }
            if g.missing > 0 {
                warn("run.missingGroup", "\(g.missing) \(c.unit.rawValue)(s) with no \(g.description) value are counted in 'all' only", s.by!.range)
            }
        }
        for (label, t) in overall where t.n == 0 {
            warn("run.noneProfiled", "no \(c.unit.rawValue) of '\(c.name)' was profiled for '\(label)'", statement.range)
        }
        return result(.prevalence(PrevalenceResult(cohort: c.name, method: method == "exact" ? "Clopper-Pearson" : "Wilson",
                                                   confidence: level, by: grouping?.description, rows: rows)))
    }

    // MARK: associate

    mutating func evaluateAssociate(_ s: AssociateStatement) throws -> StatementResult? {
        let c = try cohort(s.cohort)
        guard let alteration = s.alteration else { return nil }
        var g: GroupAssignment
        if case let .column(name) = alteration.kind {
            g = try columnGroups(name, in: c)
        } else {
            g = try conditionGroups(alteration, in: c, text: text(alteration.range))
            // Carriers first: the groups read "positive, negative", and a 2 × 2 odds ratio is the
            // odds of carrying the alteration.
            g = try applyReference(g, Literal(value: .string("positive"), spelling: "positive", range: alteration.range))
        }
        var sizes = [Int](repeating: 0, count: g.labels.count)
        for code in g.codes where code >= 0 { sizes[Int(code)] += 1 }
        let forced = s.test?.text.lowercased()
        var rows: [AssociationRow] = []
        for name in s.variables {
            let col = try column(name, in: c)
            if col.type.isNumeric && col.type != .boolean {
                rows.append(numericAssociation(col, groups: g))
            } else {
                rows.append(categoricalAssociation(col, groups: g, forced: forced))
            }
            if rows[rows.count - 1].test == "none", let why = rows[rows.count - 1].note {
                warn("run.noTest", "no test for '\(col.name)': \(why)", name.range)
            }
        }
        let q = MultipleTesting.benjaminiHochberg(rows.map(\.p))
        for i in rows.indices { rows[i].q = q[i] }
        if sizes.filter({ $0 > 0 }).count < 2 {
            warn(RuntimeMessages.oneGroup(g.labels.indices.first { sizes[$0] > 0 }.map { g.labels[$0] } ?? "none"), alteration.range)
        }
        return result(.association(AssociationResult(cohort: c.name, alteration: g.description, groupLabels: g.labels, groupSizes: sizes,
                                                     notProfiled: g.notProfiled, missingGroup: g.missing, rows: rows)))
    }

    /// Wilcoxon rank-sum (two groups: the first group against the second, as
    /// `wilcox.test(x, y)`) or Kruskal–Wallis (three or more), with per-group median and IQR.
    func numericAssociation(_ col: Column, groups g: GroupAssignment) -> AssociationRow {
        var samples = [[Double]](repeating: [], count: g.labels.count)
        var missing = 0
        for i in 0..<g.codes.count where g.codes[i] >= 0 {
            let x = col.number(at: i)
            if x.isNaN { missing += 1 } else { samples[Int(g.codes[i])].append(x) }
        }
        let summaries = g.labels.indices.map { k -> (String, String) in
            let v = samples[k].sorted()
            guard !v.isEmpty else { return (g.labels[k], "n 0") }
            return (g.labels[k], "n \(v.count), median \(Self.short(Self.quantile(v, 0.5))) (IQR \(Self.short(Self.quantile(v, 0.25)))–\(Self.short(Self.quantile(v, 0.75))))")
        }
        let present = samples.filter { !$0.isEmpty }
        guard present.count >= 2 else {
            return AssociationRow(variable: col.name, test: "none", statistic: nil, p: nil, q: nil, oddsRatio: nil, oddsRatioLower: nil,
                                  oddsRatioUpper: nil, groups: summaries, missing: missing, note: "fewer than two groups have values")
        }
        if g.labels.count == 2, let w = WilcoxonRankSumTest.test(samples[0], samples[1]) {
            return AssociationRow(variable: col.name, test: "wilcoxon", statistic: w.statistic, p: w.pValue, q: nil, oddsRatio: nil,
                                  oddsRatioLower: nil, oddsRatioUpper: nil, groups: summaries, missing: missing,
                                  note: w.isExact ? "exact" : nil)
        }
        let k = KruskalWallisTest.test(samples: present)
        return AssociationRow(variable: col.name, test: k == nil ? "none" : "kruskal", statistic: k?.statistic, df: k?.degreesOfFreedom,
                              p: k?.pValue, q: nil, oddsRatio: nil, oddsRatioLower: nil, oddsRatioUpper: nil, groups: summaries,
                              missing: missing, note: k == nil ? "the values do not vary" : nil)
    }

    /// Pearson's chi-square (Yates-corrected for 2 × 2, as `chisq.test`), or Fisher's exact
    /// test when an expected count is under 5 or on request (Monte Carlo when the table is too
    /// large to enumerate). A 2 × 2 table also gets `fisher.test`'s conditional-MLE odds ratio.
    mutating func categoricalAssociation(_ col: Column, groups g: GroupAssignment, forced: String?) -> AssociationRow {
        // Levels of the variable in its own order; booleans as false, true.
        var levelNames: [String]
        var codeOf: (Int) -> Int
        switch col.storage {
        case let .coded(codes, levels):
            levelNames = levels.strings
            codeOf = { Int(codes[$0]) }
        case let .numeric(v):
            levelNames = ["false", "true"]
            codeOf = { v[$0].isNaN ? -1 : (v[$0] != 0 ? 1 : 0) }
        }
        var full = [[Int]](repeating: [Int](repeating: 0, count: g.labels.count), count: levelNames.count)
        var missing = 0
        for i in 0..<g.codes.count where g.codes[i] >= 0 {
            let l = codeOf(i)
            if l < 0 { missing += 1 } else { full[l][Int(g.codes[i])] += 1 }
        }
        // R's table() of the observed values: levels and groups that occur.
        let keepLevels = full.indices.filter { full[$0].reduce(0, +) > 0 }
        let keepGroups = g.labels.indices.filter { k in full.contains { $0[k] > 0 } }
        let levels = keepLevels.map { levelNames[$0] }
        let counts = keepLevels.map { l in g.labels.indices.map { full[l][$0] } }
        let table = keepLevels.map { l in keepGroups.map { full[l][$0] } }
        let summaries = g.labels.indices.map { k -> (String, String) in
            let total = keepLevels.reduce(0) { $0 + full[$1][k] }
            guard total > 0 else { return (g.labels[k], "n 0") }
            let ranked = keepLevels.sorted { full[$0][k] != full[$1][k] ? full[$0][k] > full[$1][k] : $0 < $1 }
            var parts = ranked.prefix(3).map { l in "\(levelNames[l]) \(full[l][k]) (\(Self.short(100 * Double(full[l][k]) / Double(total)))%)" }
            if ranked.count > 3 { parts.append("\(ranked.count - 3) more") }
            return (g.labels[k], "n \(total): " + parts.joined(separator: ", "))
        }
        func none(_ why: String) -> AssociationRow {
            AssociationRow(variable: col.name, test: "none", statistic: nil, p: nil, q: nil, oddsRatio: nil, oddsRatioLower: nil,
                           oddsRatioUpper: nil, groups: summaries, levels: levels, counts: counts, missing: missing, note: why)
        }
        guard table.count >= 2 else { return none(levels.isEmpty ? "no values" : "only one value ('\(levels[0])') occurs") }
        guard keepGroups.count >= 2 else { return none("only one group has values") }
        let chisq = PearsonChiSquareTest.test(table: table)
        var test = "chisq", note: String? = nil
        var statistic = chisq?.statistic, df = chisq?.degreesOfFreedom, p = chisq?.pValue
        let small = chisq?.hasSmallExpectedCounts ?? true
        if forced == "fisher" || (forced != "chisq" && small) {
            note = forced == "fisher" ? "as requested" : "an expected count is under 5"
            if let f = FisherExactTest.test(table: table, level: options.confidence), f.isFeasible {
                test = "fisher"
                statistic = nil
                df = nil
                p = f.pValue
            } else {
                var rng = SplitMix64(seed: options.seed ?? 20_240_601)
                p = FisherExactTest.simulatedPValue(table: table, replicates: Self.fisherReplicates, using: &rng)
                test = "fisher_simulated"
                statistic = nil
                df = nil
                note = (note.map { $0 + "; " } ?? "") + "the table is too large to enumerate: Monte Carlo p-value from \(Self.fisherReplicates) tables"
            }
        } else if forced == "chisq" && small {
            note = "an expected count is under 5: the chi-square approximation may be poor"
        }
        var or: FisherExactTest? = nil
        var contrast: String? = nil
        if table.count == 2 && table[0].count == 2 {
            // Rows: levels; columns: groups (first = carriers). As `fisher.test(table(x, g))`:
            // the odds of the first group in the first level against the second level.
            or = FisherExactTest.twoByTwo(table[0][0], table[0][1], table[1][0], table[1][1], level: options.confidence)
            contrast = "\(levels[0]) vs \(levels[1])"
        }
        return AssociationRow(variable: col.name, test: test, statistic: statistic, df: df, p: p, q: nil,
                              oddsRatio: or?.oddsRatio, oddsRatioLower: or?.oddsRatioLower, oddsRatioUpper: or?.oddsRatioUpper,
                              oddsRatioContrast: contrast, groups: summaries, levels: levels, counts: counts, missing: missing, note: note)
    }

    /// Three significant digits, without a trailing exponent for ordinary values.
    static func short(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e6 { return String(Int(x)) }
        return String(format: "%.3g", x)
    }
}
