import SurvQLRuntime

/// Renders results as aligned text for a terminal (the default `--format table`).
public enum ResultText {
    public static func render(_ r: StatementResult) -> String {
        switch r.value {
        case let .survival(s): return survival(s)
        case let .comparison(c): return comparison(c)
        case let .describe(d): return describe(d)
        case let .match(m): return match(m)
        case let .prevalence(p): return prevalence(p)
        case let .association(a): return association(a)
        case let .message(m): return m.text + "\n"
        case let .power(p): return power(p)
        }
    }

    typealias F = NumberFormat

    static func time(_ x: Double?) -> String { F.significant(x, 3).replacingOccurrences(of: "NA", with: "NA") }
    static func t1(_ x: Double?) -> String { F.fixed(x, 1) }

    /// `p = 0.0013` or `p < 0.0001`.
    static func pText(_ p: Double?) -> String {
        let t = F.pValue(p)
        return t.hasPrefix("<") ? "p \(t.prefix(1)) \(t.dropFirst())" : "p = \(t)"
    }

    static func endpointLine(_ e: EndpointDescription) -> String {
        var s = "endpoint: " + (e.name.map { "\($0) (" } ?? "") + "time \(e.time), event \(e.event)"
        if let entry = e.entry { s += ", entry \(entry)" }
        if e.name != nil { s += ")" }
        if let u = e.unit { s += "; times in \(u)" }
        return s
    }

    static func pct(_ c: Double) -> String {
        let p = c * 100
        return p == p.rounded() ? String(Int(p)) : F.fixed(p, 1)
    }

    static func median(_ m: Double?, _ lo: Double?, _ hi: Double?) -> (String, String) {
        let med = m.map { t1($0) } ?? "not reached"
        let ci = "\(lo.map { t1($0) } ?? "NA")–\(hi.map { t1($0) } ?? "NA")"
        return (med, ci)
    }

    static func survival(_ s: SurvivalResult) -> String {
        var out = "Kaplan–Meier survival of \(s.cohort)" + (s.grouping.map { " by \($0)" } ?? "") + "\n"
        out += "  " + endpointLine(s.endpoint) + "; \(pct(s.confidence))% CI (\(s.confType))\n"
        if let w = s.weight { out += "  case weights: \(w)\n" }
        if s.dropped > 0 { out += "  \(s.dropped) patient\(s.dropped == 1 ? "" : "s") left out for a missing time, event or group\n" }
        var t = TextTable(header: ["group", "n", "events", "median", "\(pct(s.confidence))% CI"])
        for g in s.groups {
            let (m, ci) = median(g.median, g.medianLower, g.medianUpper)
            t.add([g.label, String(g.n), F.count(g.events), m, ci])
        }
        out += t.render()
        if let f = s.followUp {
            out += "  median follow-up (reverse Kaplan–Meier): \(median(f.median, f.lower, f.upper).0) (\(pct(s.confidence))% CI \(median(f.median, f.lower, f.upper).1))\n"
        }
        let times = s.groups.first?.at.map(\.time) ?? []
        if !times.isEmpty {
            out += "\n  survival at times\n"
            var t2 = TextTable(header: ["group", "time", "at risk", "survival", "\(pct(s.confidence))% CI"])
            for g in s.groups {
                for a in g.at {
                    t2.add([g.label, F.significant(a.time, 3), a.atRisk.map { F.count($0) } ?? "NA",
                            a.survival.map { F.fixed($0, 3) } ?? "NA",
                            a.survival == nil ? "NA" : "\(F.fixed(a.lower, 3))–\(F.fixed(a.upper, 3))"])
                }
            }
            out += t2.render()
        }
        if s.groups.contains(where: { $0.rmean != nil }) {
            out += "\n  restricted mean survival\n"
            var t3 = TextTable(header: ["group", "horizon", "rmean", "se"])
            for g in s.groups {
                if let r = g.rmean { t3.add([g.label, F.significant(r.horizon, 3), F.fixed(r.value, 2), F.fixed(r.stdErr, 2)]) }
            }
            out += t3.render()
        }
        if !s.riskTimes.isEmpty {
            out += "\n  number at risk\n"
            var t4 = TextTable(header: ["group"] + s.riskTimes.map { F.significant($0, 3) })
            for g in s.groups { t4.add([g.label] + g.atRisk.map { F.count($0) }) }
            out += t4.render()
        }
        return out
    }

    static func comparison(_ c: ComparisonResult) -> String {
        var out = "Comparison of \(c.cohort) by \(c.grouping) (reference: \(c.reference))\n"
        out += "  " + endpointLine(c.endpoint) + (c.strata.map { "; strata \($0)" } ?? "") + "\n"
        if c.dropped > 0 { out += "  \(c.dropped) patient\(c.dropped == 1 ? "" : "s") left out for missing values\n" }
        var t = TextTable(header: ["group", "n", "events", "expected", "median", "\(pct(c.confidence))% CI"])
        for g in c.groups {
            let (m, ci) = median(g.median, g.medianLower, g.medianUpper)
            t.add([g.label, String(g.n), F.count(g.events), g.expected.map { F.fixed($0, 1) } ?? "NA", m, ci])
        }
        out += t.render()
        if let lr = c.logrank {
            out += "\n  log-rank test: chi-square \(F.fixed(lr.chisq, 2)) on \(F.count(lr.df)) df, \(pText(lr.p))\n"
        }
        if let note = c.logrankNote { out += "\n  log-rank test: \(note)\n" }
        if let cox = c.cox {
            out += "\n  Cox proportional hazards (\(cox.ties) ties\(cox.robust ? ", robust variance" + (cox.cluster.map { " clustered on \($0)" } ?? "") : "")): n = \(cox.n), events = \(F.count(cox.events))\n"
            var t2 = TextTable(header: ["term", "HR", "\(pct(c.confidence))% CI", "coef", cox.robust ? "robust se" : "se", "z", "p"])
            for term in cox.terms {
                t2.add([term.term, F.fixed(term.hr, 2), "\(F.fixed(term.hrLower, 2))–\(F.fixed(term.hrUpper, 2))",
                        F.fixed(term.coef, 4), F.fixed(term.se, 4), F.fixed(term.z, 2), F.pValue(term.p)])
            }
            out += t2.render()
            func line(_ name: String, _ s: TestStatistic?) -> String {
                guard let s else { return "" }
                return "  \(name): \(F.fixed(s.chisq, 2)) on \(F.count(s.df)) df, \(pText(s.p))\n"
            }
            out += line("likelihood ratio test", cox.lr) + line("Wald test", cox.wald) + line("score test", cox.score)
            out += line("robust score test", cox.robustScore)
            if let cc = cox.concordance {
                out += "  concordance: \(F.fixed(cc, 3))" + (cox.concordanceStdErr.map { " (se \(F.fixed($0, 3)))" } ?? "") + "\n"
            }
            for w in cox.warnings { out += "  warning: \(w)\n" }
        }
        out += comparisonExtras(c)
        return out
    }

    static func describe(_ d: DescribeResult) -> String {
        var out = "Cohort \(d.cohort) (\(d.source)): \(d.patients) patients"
        if let s = d.samples { out += ", \(s) samples" }
        out += "\n"
        var t = TextTable(header: ["column", "type", "missing", "summary"])
        for c in d.columns {
            var summary = ""
            if let n = c.numeric {
                summary = "min \(F.significant(n.min, 3)), median \(F.significant(n.median, 3)), max \(F.significant(n.max, 3)), mean \(F.significant(n.mean, 3))"
            } else if !c.topLevels.isEmpty {
                summary = c.topLevels.prefix(4).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                if let dc = c.distinct, dc > 4 { summary += ", … (\(dc) values)" }
            } else if let dc = c.distinct {
                summary = "\(dc) distinct values"
            }
            t.add([c.name, c.type, String(c.missing), summary])
        }
        t.rightAligned = [false, false, true, false]
        out += t.render()
        if !d.endpoints.isEmpty {
            out += "\n  endpoints\n"
            var t2 = TextTable(header: ["endpoint", "time", "event", "usable", "events"])
            for e in d.endpoints { t2.add([e.name, e.time, e.event, String(e.usable), String(e.events)]) }
            out += t2.render()
        }
        if let a = d.alterations {
            out += "\n  alterations\n"
            if let p = a.svProfiledSamples { out += "  samples profiled for structural variants: \(p)" + (a.svProfiledPatients.map { " (\($0) patients)" } ?? "") + "\n" }
            out += "  fusion records: \(a.fusionRecords); fusion-positive patients: \(a.fusionPositivePatients)\n"
            if !a.fusionGenes.isEmpty {
                out += "  fusion-positive patients by gene: " + a.fusionGenes.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
            }
            if a.cnaGenes > 0 || a.cnaProfiledSamples != nil {
                out += "  copy-number: \(a.cnaGenes) genes" + (a.cnaProfiledSamples.map { ", \($0) samples profiled" } ?? "") + "\n"
            }
            if a.mutationRecords > 0 || a.mutationProfiledSamples != nil {
                out += "  mutations: \(a.mutationRecords) records" + (a.mutationProfiledSamples.map { ", \($0) samples profiled" } ?? "") + "\n"
            }
            for table in a.partnerTables {
                out += "\n  \(table.gene) fusion partners\n"
                var t = TextTable(header: ["partner", "patients", "events", "\(table.gene) 5'", "\(table.gene) 3'", "unknown",
                                                 "in frame", "recurrent"])
                for r in table.partners {
                    t.add([r.partner ?? "intergenic", String(r.patients), String(r.events), String(r.geneUpstream), String(r.geneDownstream),
                           String(r.orientationUnknown), String(r.inFrame), r.recurrent ? "yes" : "no"])
                }
                t.rightAligned = [false, true, true, true, true, true, true, false]
                out += t.render()
            }
        }
        return out
    }

    static func match(_ m: MatchResult) -> String {
        var out = "Matched \(m.cohort) by \(m.treatment), 1:\(m.ratio)"
        if !m.exact.isEmpty { out += " exactly on \(m.exact.joined(separator: ", "))" }
        if let c = m.caliper { out += ", caliper \(F.significant(c, 3)) SD" + (m.caliperWidth.map { " (\(F.significant($0, 3)) on the propensity score)" } ?? "") }
        out += " → \(m.name)\n"
        out += "  treated \(m.treated), controls \(m.controls); matched treated \(m.matchedTreated), matched controls \(m.matchedControls)\n"
        for u in m.unmatched where u.count > 0 { out += "  unmatched treated: \(u.count) (\(u.reason))\n" }
        for n in m.notes { out += "  note: \(n)\n" }
        var t = TextTable(header: ["covariate", "mean treated", "control before", "control after", "SMD before", "SMD after", ""])
        for b in m.balance {
            let flag = (b.smdAfter.map { abs($0) > 0.1 } ?? false) ? "|SMD| > 0.1" : ""
            t.add([b.covariate, F.significant(b.meanTreated, 3), F.significant(b.meanControlBefore, 3), F.significant(b.meanControlAfter, 3),
                   F.fixed(b.smdBefore, 3), F.fixed(b.smdAfter, 3), flag])
        }
        out += t.render()
        return out
    }

    static func prevalence(_ p: PrevalenceResult) -> String {
        var out = "Prevalence in \(p.cohort)" + (p.by.map { " by \($0)" } ?? "") + " (\(p.method) \(pct(p.confidence))% CI)\n"
        var t = TextTable(header: (p.by == nil ? [] : [p.by!]) + ["alteration", "profiled", "positive", "%", "\(pct(p.confidence))% CI", "not profiled"])
        for r in p.rows {
            let pctText = r.proportion.map { F.fixed($0 * 100, 2) } ?? "NA"
            let ci = r.proportion == nil ? "NA" : "\(F.fixed((r.lower ?? .nan) * 100, 2))–\(F.fixed((r.upper ?? .nan) * 100, 2))"
            t.add((p.by == nil ? [] : [r.group ?? "NA"]) + [r.alteration, String(r.n), String(r.positive), pctText, ci, String(r.notProfiled)])
        }
        out += t.render()
        return out
    }

    static func association(_ a: AssociationResult) -> String {
        var out = "Association of \(a.alteration) in \(a.cohort)\n"
        out += "  groups: " + zip(a.groupLabels, a.groupSizes).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        if a.notProfiled > 0 { out += "; \(a.notProfiled) not profiled, left out" }
        if a.missingGroup > 0 { out += "; \(a.missingGroup) with no group value, left out" }
        out += "\n"
        var t = TextTable(header: ["variable", "test", "statistic", "p", "q (BH)", "odds ratio (95% CI)"])
        for r in a.rows {
            let or = r.oddsRatio.map { "\(F.fixed($0, 2)) (\(F.fixed(r.oddsRatioLower, 2))–\(F.fixed(r.oddsRatioUpper, 2))) \(r.oddsRatioContrast ?? "")" } ?? ""
            let stat = r.statistic.map { F.significant($0, 4) + (r.df.map { " (df \($0))" } ?? "") } ?? ""
            t.add([r.variable, Self.testName(r.test), stat, F.pValue(r.p), F.pValue(r.q), or])
        }
        t.rightAligned = [false, false, true, true, true, false]
        out += t.render()
        for r in a.rows {
            out += "  \(r.variable): " + r.groups.map { "\($0.0) — \($0.1)" }.joined(separator: "; ")
            if r.missing > 0 { out += "; \(r.missing) missing" }
            if let note = r.note { out += " [\(note)]" }
            out += "\n"
        }
        return out
    }

    static func testName(_ test: String) -> String {
        switch test {
        case "chisq": return "chi-square"
        case "fisher": return "Fisher exact"
        case "fisher_simulated": return "Fisher (Monte Carlo)"
        case "wilcoxon": return "Wilcoxon rank-sum"
        case "kruskal": return "Kruskal–Wallis"
        default: return test
        }
    }
}
