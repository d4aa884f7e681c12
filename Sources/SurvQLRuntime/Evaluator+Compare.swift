import Foundation
import SurvQLData
import SurvQLSyntax
import Survival

/// One or more design columns made from a user column.
struct DesignTerm {
    var term: String
    var columns: [CoxModel.Covariate]
    /// Per cohort row: true when the value is missing; empty when no row's value is (the usual
    /// case, so a complete column costs no mask).
    var missing: [Bool]
}

extension Evaluator {
    /// Integer codes of a column (strata, cluster): -1 when missing. Text codes are the stored
    /// ones (widened to 32 bits, shared when stored so); numbers are numbered in order of first
    /// appearance. 32 bits hold every code: a column with more rows than that is a diagnostic.
    func columnCodes(of name: Name, in cohort: Cohort) throws -> [Int32] {
        let c = try column(name, in: cohort)
        guard cohort.count <= Int(Int32.max) else { throw error(RuntimeMessages.tooManyRows(c.name, cohort.count), name.range) }
        switch c.storage {
        case let .coded(codes, _): return codes.array
        case let .numeric(v):
            // Codes in order of first appearance: through a table when the values are whole
            // numbers on a span of at most 4n + 1024 (ids, cluster numbers), else a dictionary.
            // (Fewer codes than rows, so each fits 32 bits.)
            var lo = Double.infinity, hi = -Double.infinity, whole = true
            for x in v where !x.isNaN {
                if x != x.rounded(.towardZero) || abs(x) > 1e15 { whole = false; break }
                lo = min(lo, x); hi = max(hi, x)
            }
            var next: Int32 = 0
            if whole && lo <= hi && hi - lo <= Double(4 * v.count + 1024) {
                var table = [Int32](repeating: -1, count: Int(hi - lo) + 1)
                return v.map { x in
                    if x.isNaN { return -1 }
                    let slot = Int(x - lo)
                    if table[slot] < 0 { table[slot] = next; next &+= 1 }
                    return table[slot]
                }
            }
            var index: [Double: Int32] = [:]
            return v.map { x in
                if x.isNaN { return -1 }
                if let k = index[x] { return k }
                index[x] = next
                next &+= 1
                return next &- 1
            }
        }
    }

    /// Cluster labels of a column for the robust variance, with the rows that have none
    /// (flags; empty when every row has one). The fit needs only which rows share a label, so a
    /// column of 32-bit whole numbers is used as stored (no copy); others through `columnCodes`.
    func clusterLabels(of name: Name, in cohort: Cohort) throws -> (labels: [Int32], missing: [Bool]) {
        let c = try column(name, in: cohort)
        if case let .numeric(cells) = c.storage, let v = cells.int32Cells, cohort.count <= Int(Int32.max) {
            return (v, c.missingCount > 0 ? cells.missingMask : [])
        }
        let codes = try columnCodes(of: name, in: cohort)
        return (codes, codes.contains { $0 < 0 } ? codes.map { $0 < 0 } : [])
    }

    /// A covariate for the Cox model (or a propensity score): numeric columns as they are,
    /// booleans as 0/1, text columns as indicators of each level but the first (R's treatment
    /// contrasts), named `column=level`.
    func designTerm(_ name: Name, in cohort: Cohort, reference: Literal? = nil) throws -> DesignTerm {
        let c = try column(name, in: cohort)
        switch c.storage {
        case let .numeric(v):
            let missing = c.missingCount > 0 ? v.missingMask : []
            var covariate = CoxModel.Covariate(name: c.name, values: [], term: c.name)
            covariate.column = CoxModel.Covariate.Column(v)
            return DesignTerm(term: c.name, columns: [covariate], missing: missing)
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
            // Every indicator reads the stored codes when they take one byte a row (then every
            // level fits a byte), else one 32-bit copy of them (shared when stored so): NaN where
            // missing.
            let bytes = codes.bytes
            let wide = bytes == nil ? codes.array : []
            for k in used where k != baseline {
                let name = "\(c.name)=\(levels[k])"
                if let bytes {
                    cols.append(CoxModel.Covariate(name: name, indicatorOf: UInt8(truncatingIfNeeded: k), in: bytes, term: c.name))
                } else {
                    cols.append(CoxModel.Covariate(name: name, indicatorOf: Int32(k), in: wide, term: c.name))
                }
            }
            return DesignTerm(term: c.name, columns: cols, missing: codes.contains { $0 < 0 } ? codes.map { $0 < 0 } : [])
        }
    }

    mutating func evaluateCompare(_ s: CompareStatement) throws -> StatementResult? {
        let c = try cohort(s.cohort)
        var g = try groups(s.grouping, in: c, reference: s.reference)
        var o = try outcome(s.endpoint, in: c)
        var strataCodes = try combinedStrata(s, in: c)
        let clusterColumn = try s.cluster.map { try clusterLabels(of: $0, in: c) }
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
        var missing = MissingRows(count: c.count)
        if let sc = strataCodes { missing.add(codes: sc) }
        if let cl = clusterColumn { missing.add(flags: cl.missing) }
        for t in terms { missing.add(flags: t.missing) }
        for side in interactions { for m in side.sides.compactMap({ $0?.missing }) { missing.add(flags: m) } }
        if let wv = weighting { missing.add(values: wv.values) }
        if let wg = withinCodes { missing.add(codes: wg.codes) }
        let rows = usableRows(o, g, missing: missing, range: statement.range)

        // Rows and events per group, in one pass over the usable rows; groups with none cannot
        // be compared.
        var counts = [Int](repeating: 0, count: g.labels.count), eventCounts = counts
        g.codes.withUnsafeBufferPointer { code in
            o.event.withUnsafeBufferPointer { status in
                for r in rows {
                    counts[Int(code[r])] += 1
                    eventCounts[Int(code[r])] += status[r] == 1 ? 1 : 0
                }
            }
        }
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
            var remap = [Int32](repeating: -1, count: g.labels.count)
            for (newK, oldK) in nonEmpty.enumerated() { remap[oldK] = Int32(truncatingIfNeeded: newK) }
            g.labels = nonEmpty.map { g.labels[$0] }
            g.codes = g.codes.map { $0 < 0 ? -1 : remap[Int($0)] }
        }
        let k = g.labels.count
        // Each column gathered once (shared, not copied, when every row is usable).
        var time = rows.gather(o.time)
        let event = rows.gather(o.event) { $0 == 1 }
        var entry = o.entry.map { rows.gather($0) }
        // The outcome's own columns are not read again (the gathered ones may share them).
        o.time = []
        o.event = []
        o.entry = nil
        let codes = rows.gather(g.codes)
        let strata = strataCodes.map { rows.gather($0) }
        strataCodes = nil   // only the gathered codes are read from here on
        let cluster = clusterColumn.map { rows.gather($0.labels) }
        let weights = weighting.map { rows.gather($0.values) }
        let groupRows = nonEmpty.map { counts[$0] }, groupEvents = nonEmpty.map { eventCounts[$0] }
        let totalEvents = groupEvents.reduce(0, +)

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
                lr = try LogRankTest.test(time: time, event: event, group: codes, groupCount: k, strata: strata)
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
            groupsOut.append(ComparisonGroup(label: g.labels[j], n: groupRows[j],
                                             events: Double(groupEvents[j]),
                                             observed: lr.map { $0.observed[j] }, expected: lr.map { $0.expected[j] },
                                             median: med?.time, medianLower: med?.lower, medianUpper: med?.upper))
        }

        // Cox model: group indicators (levels after the reference), then adjustment terms.
        // The group indicators are read from the group codes of the used rows (no column of
        // doubles; every code here is a group); the cohort's own codes are not read again.
        g.codes = []
        var covariates: [CoxModel.Covariate] = []
        for j in 1..<k {
            let name = g.isCondition ? g.labels[j] : "\(g.description)=\(g.labels[j])"
            covariates.append(CoxModel.Covariate(name: name, indicatorOf: Int32(j), in: codes, term: g.description))
        }
        for t in terms { covariates += gathered(t, rows: rows) }
        covariates += interactionColumns(interactions, groupColumns: Array(covariates.prefix(k - 1)), rows: rows)
        // Constant: fewer than two distinct values (a scan, not a set of a million doubles).
        for cov in covariates where cov.column.isConstant {
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
        // The fit keeps its own sorted copies of the times and strata: handed the last
        // references, it frees these (kept only for the extras that read them afterwards).
        let readAfterFit = s.extras.test != nil || withinCodes != nil
        let timeAfterFit: [Double] = readAfterFit ? time : []
        let strataAfterFit: [Int32]? = readAfterFit ? strata : nil
        do {
            let model = try CoxModel.fit(time: consume time, event: event, entry: entry, covariates: covariates,
                                         strata: consume strata, weights: weights, cluster: cluster,
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
            let (t, note) = weightedTest(spec, time: timeAfterFit, event: event, entry: entry, codes: codes, groupCount: k,
                                         strata: strataAfterFit, weighted: weights != nil)
            out.extras.test = t
            out.extras.testNote = note
        }
        if let tau = s.extras.rmst {
            out.extras.rmst = try rmstResult(tau, curves: curves, labels: g.labels, unit: o.description.unit)
        }
        if let wg = withinCodes, let wname = s.extras.within {
            let design = SubgroupDesign(time: timeAfterFit, event: event, entry: entry, codes: codes, labels: g.labels,
                                        covariates: Array(covariates.dropFirst(k - 1)), weights: weights,
                                        strata: strataAfterFit, cluster: cluster, ties: ties)
            out.extras.subgroups = try subgroups(design, within: rows.gather(wg.codes), levels: wg.labels, column: wg.description, range: wname.range)
        }
        return result(.comparison(out))
    }

    /// A term's design columns on the used rows. A factor's indicators read one gathered copy
    /// of its codes (they share the codes they were made from; `designTerm`).
    func gathered(_ t: DesignTerm, rows: UsableRows) -> [CoxModel.Covariate] {
        var wide: [Int32]? = nil, bytes: [UInt8]? = nil
        return t.columns.map { col in
            var out = col
            switch col.column {
            case let .indicator(codes, level):
                let g = wide ?? rows.gather(codes)
                wide = g
                out.column = .indicator(codes: g, level: level)
            case let .byteIndicator(codes, level):
                let g = bytes ?? rows.gather(codes)
                bytes = g
                out.column = .byteIndicator(codes: g, level: level)
            default:
                return gathered(col, rows: rows)
            }
            return out
        }
    }

    /// A design column on the used rows: values gathered, or an indicator of gathered codes.
    func gathered(_ col: CoxModel.Covariate, rows: UsableRows) -> CoxModel.Covariate {
        var out = col
        switch col.column {
        case let .values(v): out.column = .values(rows.gather(v))
        case let .indicator(codes, level): out.column = .indicator(codes: rows.gather(codes), level: level)
        case let .byteIndicator(codes, level): out.column = .byteIndicator(codes: rows.gather(codes), level: level)
        case let .integers(.int8(v)): out.column = .integers(.int8(rows.gather(v)))
        case let .integers(.int16(v)): out.column = .integers(.int16(rows.gather(v)))
        case let .integers(.int32(v)): out.column = .integers(.int32(rows.gather(v)))
        }
        return out
    }

    /// The Cox fit's options: ties, the session's confidence level, and this statement's cancellation.
    func coxOptions(_ ties: CoxModel.Ties) -> CoxModel.Options {
        var o = CoxModel.Options(ties: ties, confidenceLevel: options.confidence)
        o.isCancelled = cancellation?.check
        o.threads = options.threads
        return o
    }
}

extension CoxModel.Covariate.Column {
    /// A numeric column as stored: narrow whole numbers stay narrow (the fit widens each value
    /// where it gathers it, exactly), doubles are shared.
    init(_ cells: NumericCells) {
        if let v = cells.int8Cells { self = .integers(.int8(v)) }
        else if let v = cells.int16Cells { self = .integers(.int16(v)) }
        else if let v = cells.int32Cells { self = .integers(.int32(v)) }
        else { self = .values(cells.doubles) }
    }
}
