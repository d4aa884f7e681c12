import Foundation
import SurvQLData
import SurvQLSyntax
import Survival

/// One or more design columns made from a user column.
struct DesignTerm {
    var term: String
    var columns: [CoxModel.Covariate]
    /// Per cohort row: NaN when missing.
    var missing: [Bool]
}

extension Evaluator {
    /// Integer codes of a column (strata, cluster): -1 when missing.
    func columnCodes(of name: Name, in cohort: Cohort) throws -> [Int] {
        let c = try column(name, in: cohort)
        switch c.storage {
        case let .coded(codes, _): return codes.map { Int($0) }
        case let .numeric(v):
            var index: [Double: Int] = [:]
            return v.map { x in
                if x.isNaN { return -1 }
                if let k = index[x] { return k }
                let k = index.count
                index[x] = k
                return k
            }
        }
    }

    /// A covariate for the Cox model (or a propensity score): numeric columns as they are,
    /// booleans as 0/1, text columns as indicators of each level but the first (R's treatment
    /// contrasts), named `column=level`.
    func designTerm(_ name: Name, in cohort: Cohort, reference: Literal? = nil) throws -> DesignTerm {
        let c = try column(name, in: cohort)
        switch c.storage {
        case let .numeric(v):
            return DesignTerm(term: c.name, columns: [CoxModel.Covariate(name: c.name, values: v, term: c.name)], missing: v.map(\.isNaN))
        case let .coded(codes, levels):
            var present = [Bool](repeating: false, count: levels.count)
            for x in codes where x >= 0 { present[Int(x)] = true }
            let used = levels.indices.filter { present[$0] }
            if used.count > 60 {
                throw error(RuntimeMessages.tooManyGroups(c.name, used.count), name.range, hint: "a covariate with this many values cannot be used as indicators")
            }
            var cols: [CoxModel.Covariate] = []
            var baseline = used.first
            if let reference {
                let wanted = reference.string ?? reference.spelling
                guard let k = used.first(where: { levels[$0] == wanted }) ?? used.first(where: { levels[$0].lowercased() == wanted.lowercased() }) else {
                    throw error(RuntimeMessages.noSuchValue(c.name, reference.spelling, used.map { levels[$0] }.joined(separator: ", ")), reference.range)
                }
                baseline = k
            }
            for k in used where k != baseline {
                cols.append(CoxModel.Covariate(name: "\(c.name)=\(levels[k])", values: codes.map { $0 < 0 ? .nan : ($0 == Int32(k) ? 1 : 0) }, term: c.name))
            }
            return DesignTerm(term: c.name, columns: cols, missing: codes.map { $0 < 0 })
        }
    }

    mutating func evaluateCompare(_ s: CompareStatement) throws -> StatementResult? {
        let c = try cohort(s.cohort)
        var g = try groups(s.grouping, in: c, reference: s.reference)
        let o = try outcome(s.endpoint, in: c)
        let strataCodes = try combinedStrata(s, in: c)
        let clusterCodes = try s.cluster.map { try columnCodes(of: $0, in: c) }
        let weighting = try caseWeights(s.extras.weight, in: c)
        if s.extras.rmst != nil, weighting != nil {
            throw error(RuntimeMessages.rmstWithWeights, s.extras.rmst!.range, hint: "leave out 'rmst', or compare without weights")
        }
        let withinCodes = try s.extras.within.map { try columnGroups($0, in: c) }
        var terms: [DesignTerm] = []
        for a in s.adjust {
            if case let .expression(e)? = s.grouping, case let .column(gname) = e.kind, gname.text.lowercased() == a.text.lowercased() {
                throw error(RuntimeMessages.duplicateAdjust(a.text), a.range)
            }
            terms.append(try designTerm(a, in: c, reference: s.extras.references[terms.count]))
        }
        let interactions = try interactionSides(s, grouping: g, in: c, adjusted: s.adjust)
        for side in interactions { terms += side.mainEffects }
        var missing: [[Bool]] = []
        if let sc = strataCodes { missing.append(sc.map { $0 < 0 }) }
        if let cc = clusterCodes { missing.append(cc.map { $0 < 0 }) }
        missing += terms.map(\.missing)
        for side in interactions { missing += side.sides.compactMap { $0?.missing } }
        if let wv = weighting { missing.append(wv.values.map(\.isNaN)) }
        if let wg = withinCodes { missing.append(wg.codes.map { $0 < 0 }) }
        let rows = usableRows(o, g, missing: missing, range: statement.range)

        // Groups with no usable rows cannot be compared.
        var counts = [Int](repeating: 0, count: g.labels.count)
        for r in rows { counts[g.codes[r]] += 1 }
        let nonEmpty = counts.indices.filter { counts[$0] > 0 }
        if nonEmpty.count < 2 {
            let only = nonEmpty.first.map { g.labels[$0] } ?? "none"
            throw error(RuntimeMessages.oneGroup(only), s.grouping?.range ?? statement.range,
                        hint: g.labels.count > 1 ? "the groups are " + g.labels.joined(separator: ", ") : nil)
        }
        if counts[0] == 0 {
            throw error(("run.emptyReference", "the reference group '\(g.labels[0])' has no patients with a usable survival time"),
                        s.reference?.range ?? s.grouping?.range ?? statement.range, hint: "choose another with 'reference VALUE'")
        }
        if nonEmpty.count < g.labels.count {
            for k in g.labels.indices where counts[k] == 0 { warn(RuntimeMessages.emptyGroup(g.labels[k]), s.grouping?.range ?? statement.range) }
            // Renumber so the kept groups are 0..<k.
            var remap = [Int](repeating: -1, count: g.labels.count)
            for (newK, oldK) in nonEmpty.enumerated() { remap[oldK] = newK }
            g.labels = nonEmpty.map { g.labels[$0] }
            g.codes = g.codes.map { $0 < 0 ? -1 : remap[$0] }
        }
        let k = g.labels.count
        var time = rows.map { o.time[$0] }
        let event = rows.map { o.event[$0] == 1 }
        var entry = o.entry.map { e in rows.map { e[$0] } }
        let codes = rows.map { g.codes[$0] }
        let totalEvents = event.filter { $0 }.count
        let weights = weighting.map { wv in rows.map { wv.values[$0] } }

        // Kaplan–Meier medians per group.
        let kmOptions = KaplanMeier.Options(confidenceLevel: options.confidence, confidenceType: kmConfidenceType)
        let curves = (try? KaplanMeier.fitByGroup(time: time, event: event, group: codes, groupCount: k, entry: entry,
                                                  weights: weights, options: kmOptions)) ?? []

        // Log-rank (right-censored data only).
        var logrank: TestStatistic? = nil
        var logrankNote: String? = nil
        var lr: LogRankTest? = nil
        let delayed = entry?.contains { $0 > 0 } ?? false
        if weights != nil {
            logrankNote = "not computed: the log-rank test (R's survdiff) takes no case weights; the weighted Cox model's score test below compares the groups"
        } else if delayed {
            logrankNote = "not computed: the log-rank test (R's survdiff) takes right-censored data only, and this analysis has delayed entry; the Cox model's score test below is the log-rank test for delayed-entry data"
        } else {
            do {
                let st = strataCodes.map { sc in rows.map { sc[$0] } }
                lr = try LogRankTest.test(time: time, event: event, group: codes, groupCount: k, strata: st)
                if let chi = lr?.chiSquare, let p = lr?.pValue {
                    logrank = TestStatistic(chisq: chi, df: Double(lr!.degreesOfFreedom), p: p)
                } else if totalEvents == 0 {
                    logrankNote = "not computed: there are no events"
                }
            } catch {
                logrankNote = "not computed: \(error)"
            }
        }
        var groupsOut: [ComparisonGroup] = []
        for j in 0..<k {
            let med = j < curves.count ? curves[j].median : nil
            groupsOut.append(ComparisonGroup(label: g.labels[j], n: codes.filter { $0 == j }.count,
                                             events: Double(zip(codes, event).filter { $0.0 == j && $0.1 }.count),
                                             observed: lr.map { $0.observed[j] }, expected: lr.map { $0.expected[j] },
                                             median: med?.time, medianLower: med?.lower, medianUpper: med?.upper))
        }

        // Cox model: group indicators (levels after the reference), then adjustment terms.
        var covariates: [CoxModel.Covariate] = []
        for j in 1..<k {
            let name = g.isCondition ? g.labels[j] : "\(g.description)=\(g.labels[j])"
            covariates.append(CoxModel.Covariate(name: name, values: codes.map { $0 == j ? 1 : 0 }, term: g.description))
        }
        for t in terms {
            for col in t.columns {
                covariates.append(CoxModel.Covariate(name: col.name, values: rows.map { col.values[$0] }, term: col.term))
            }
        }
        covariates += interactionColumns(interactions, groupColumns: Array(covariates.prefix(k - 1)), rows: rows)
        // Constant: fewer than two distinct values (a scan, not a set of a million doubles).
        for cov in covariates where cov.values.count < 2 || !cov.values.contains(where: { $0 != cov.values[0] }) {
            warn(RuntimeMessages.constantCovariate(cov.name), statement.range, hint: "its coefficient cannot be estimated and is reported as NA")
        }
        // The statistics expect near-equal times merged first (R's timefix).
        do {
            if let e = entry {
                let fixed = try TimeFix.apply(entry: e, exit: time)
                entry = fixed.entry
                time = fixed.exit
            } else {
                time = try TimeFix.apply(time)
            }
        } catch {
            throw self.error(("run.timeFix", "survival times could not be prepared: \(error)"), statement.range)
        }
        let ties: CoxModel.Ties = (s.ties?.text.lowercased() ?? options.ties) == "breslow" ? .breslow : .efron
        var coxResult: CoxResult? = nil
        var fitted: CoxModel? = nil
        do {
            let model = try CoxModel.fit(time: time, event: event, entry: entry, covariates: covariates,
                                         strata: strataCodes.map { sc in rows.map { sc[$0] } }, weights: weights,
                                         cluster: clusterCodes.map { cc in rows.map { cc[$0] } },
                                         options: coxOptions(ties))
            fitted = model
            func ts(_ t: CoxModel.Test?) -> TestStatistic? { t.map { TestStatistic(chisq: $0.statistic, df: Double($0.df), p: $0.p) } }
            let coxTerms = model.coefficients.map { co in
                CoxTerm(term: co.name, coef: co.estimate, hr: co.hazardRatio, hrLower: co.lower, hrUpper: co.upper,
                        se: co.standardError, naiveSE: model.isRobust ? co.naiveStandardError : nil, z: co.z, p: co.p)
            }
            var coxWarnings: [String] = []
            for w in model.warnings {
                switch w {
                case .rowsOmitted: continue
                case .didNotConverge:
                    warn("run.coxNotConverged", "the Cox model did not converge: \(w.message)", statement.range,
                         hint: "the estimates are those of the last iteration; check for groups with no events")
                case .possiblyInfinite, .someCoefficientsMayBeInfinite:
                    warn("run.coxInfinite", "the Cox model: \(w.message.trimmingCharacters(in: .whitespaces))", statement.range,
                         hint: "a group or covariate level with no events (or only events) gives an infinite hazard ratio")
                case .noEvents:
                    warn(RuntimeMessages.noEvents(c.name), statement.range)
                default:
                    break
                }
                coxWarnings.append(w.message.trimmingCharacters(in: .whitespaces))
            }
            coxResult = CoxResult(ties: ties.rawValue, n: model.n, events: Double(model.eventCount), terms: coxTerms,
                                  lr: ts(model.likelihoodRatioTest), wald: ts(model.waldTest), score: ts(model.scoreTest),
                                  robustScore: ts(model.robustScoreTest), concordance: model.concordance?.concordance,
                                  concordanceStdErr: model.concordance?.standardError, robust: model.isRobust,
                                  cluster: s.cluster.flatMap { n in c.table.column(named: n.text)?.name },
                                  converged: model.converged, iterations: model.iterations, warnings: coxWarnings)
            coxResult?.termTests = model.termWaldTests().map { TermTestResult(term: $0.term, chisq: $0.statistic, df: $0.df, p: $0.p) }
        } catch .cancelled {
            throw CancellationError()
        } catch {
            throw self.error(RuntimeMessages.coxFailed("\(error)"), statement.range)
        }
        let stratName = s.strata.flatMap { n in c.table.column(named: n.text)?.name }
            .map { ([$0] + s.extras.moreStrata.compactMap { n in c.table.column(named: n.text)?.name }).joined(separator: ", ") }
        var out = ComparisonResult(cohort: c.name, endpoint: o.description, confidence: options.confidence,
                                   grouping: g.description, reference: g.labels[0], groups: groupsOut,
                                   logrank: logrank, logrankNote: logrankNote, strata: stratName,
                                   cox: coxResult, dropped: c.count - rows.count)
        out.extras.weight = weighting?.column
        if s.extras.check != nil, let model = fitted {
            out.extras.ph = phCheck(model)
        }
        if let spec = s.extras.test {
            let (t, note) = weightedTest(spec, time: time, event: event, entry: entry, codes: codes, groupCount: k,
                                         strata: strataCodes.map { sc in rows.map { sc[$0] } }, weighted: weights != nil)
            out.extras.test = t
            out.extras.testNote = note
        }
        if let tau = s.extras.rmst {
            out.extras.rmst = try rmstResult(tau, curves: curves, labels: g.labels, unit: o.description.unit)
        }
        if let wg = withinCodes, let wname = s.extras.within {
            let design = SubgroupDesign(time: time, event: event, entry: entry, codes: codes, labels: g.labels,
                                        covariates: Array(covariates.dropFirst(k - 1)), weights: weights,
                                        strata: strataCodes.map { sc in rows.map { sc[$0] } },
                                        cluster: clusterCodes.map { cc in rows.map { cc[$0] } }, ties: ties)
            out.extras.subgroups = try subgroups(design, within: rows.map { wg.codes[$0] }, levels: wg.labels, column: wg.description, range: wname.range)
        }
        return result(.comparison(out))
    }

    /// The Cox fit's options: ties, the session's confidence level, and this statement's cancellation.
    func coxOptions(_ ties: CoxModel.Ties) -> CoxModel.Options {
        var o = CoxModel.Options(ties: ties, confidenceLevel: options.confidence)
        o.isCancelled = cancellation?.check
        o.threads = options.threads
        return o
    }
}
