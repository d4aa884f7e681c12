import SurvQLRuntime

/// Text for the statistics beyond one hazard ratio: the extra sections of a comparison (the
/// proportional-hazards verdict right under the Cox table) and the `power` result.
extension ResultText {
    static func comparisonExtras(_ c: SurvQLRuntime.ComparisonResult) -> String {
        let e = c.extras
        var out = ""
        for t in c.cox?.termTests ?? [] {
            out += "  Wald test of \(t.term) (\(t.df) coefficients): chi-square \(F.fixed(t.chisq, 2)) on \(t.df) df, \(pText(t.p))\n"
        }
        if let w = e.weight { out += "  case weights: \(w)\n" }
        if let ph = e.ph {
            out += "  proportional hazards (cox.zph, km): global chi-square \(F.fixed(ph.global.chisq, 2)) on \(ph.global.df) df, \(pText(ph.global.p)) — "
            out += ph.violated
                ? "hazards are NOT proportional: the hazard ratio changes over time; read it as an average and see rmst or test peto/fleming\n"
                : "no evidence against proportional hazards\n"
            if ph.terms.count > 1 || ph.terms.first?.term != c.grouping {
                var t = TextTable(header: ["term", "chi-square", "df", "p"])
                for r in ph.terms + [ph.global] { t.add([r.term, F.fixed(r.chisq, 2), String(r.df), F.pValue(r.p)]) }
                out += t.render()
            }
        }
        if let t = e.test {
            out += "\n  \(t.title) test: " + (t.chisq.map { "chi-square \(F.fixed($0, 2)) on \(t.df) df, \(pText(t.p))" } ?? "not computed") + "\n"
        }
        if let note = e.testNote { out += "\n  weighted log-rank test: \(note)\n" }
        if let r = e.rmst {
            let unit = c.endpoint.unit.map { " \($0)" } ?? ""
            out += "\n  restricted mean survival time up to \(F.significant(r.horizon, 3))\(unit)\n"
            var t = TextTable(header: ["group", "RMST", "se"])
            for g in r.groups { t.add([g.label, F.fixed(g.rmst, 2), F.fixed(g.stdErr, 2)]) }
            out += t.render()
            var t2 = TextTable(header: ["vs \(c.reference)", "difference", "\(pct(c.confidence))% CI", "p", "ratio", "\(pct(c.confidence))% CI", "p"])
            for x in r.contrasts {
                t2.add([x.label, F.fixed(x.difference, 2), "\(F.fixed(x.differenceLower, 2))–\(F.fixed(x.differenceUpper, 2))", F.pValue(x.differenceP),
                        F.fixed(x.ratio, 3), "\(F.fixed(x.ratioLower, 3))–\(F.fixed(x.ratioUpper, 3))", F.pValue(x.ratioP)])
            }
            out += t2.render()
        }
        if let s = e.subgroups {
            out += "\n  subgroups within \(s.column)\n"
            var t = TextTable(header: ["\(s.column)", "n", "events", "HR", "\(pct(c.confidence))% CI", "p"])
            for r in s.rows {
                let ev = r.events.map { F.count($0) }.joined(separator: " / ")
                if let why = r.skipped {
                    t.add([r.level, String(r.n), ev, "skipped", why, ""])
                    continue
                }
                for (k, term) in r.terms.enumerated() {
                    t.add([k == 0 ? r.level : "", k == 0 ? String(r.n) : "", k == 0 ? ev : "", F.fixed(term.hr, 2),
                           "\(F.fixed(term.hrLower, 2))–\(F.fixed(term.hrUpper, 2))", F.pValue(term.p)])
                }
            }
            out += t.render()
            out += "  events per group: " + c.groups.map(\.label).joined(separator: " / ") + "\n"
            if let i = s.interaction {
                out += "  interaction (likelihood ratio, \(c.grouping) × \(s.column)): chi-square \(F.fixed(i.chisq, 2)) on \(F.count(i.df)) df, \(pText(i.p))\n"
            } else if let n = s.interactionNote {
                out += "  interaction: \(n)\n"
            }
        }
        return out
    }

    static func power(_ p: PowerResult) -> String {
        var out = "Power of a two-group survival comparison (\(p.method == "freedman" ? "Freedman" : "Schoenfeld"))\n"
        out += "  hazard ratio \(F.significant(p.hazardRatio, 3)), two-sided alpha \(F.significant(p.alpha, 3)), allocation 1:\(F.significant(p.ratio, 3))"
        if let c = p.cohort {
            out += " (\(c): " + p.groups.map { "\($0.label) \($0.n) patients, \(F.count($0.events)) events" }.joined(separator: "; ") + ")"
        }
        out += "\n"
        if let d = p.events, let pw = p.power {
            out += "  with \(F.significant(d, 4)) events" + (p.patients.map { " (\(F.count($0)) patients" + (p.probability.map { ", event probability \(F.fixed($0, 3))" } ?? "") + ")" } ?? "")
            out += ": power \(F.fixed(pw, 3))\n"
        }
        if let need = p.eventsNeeded {
            out += "  for power \(F.significant(p.target, 3)): \(Int(need.rounded(.up))) events"
            if let n = p.patientsNeeded { out += ", \(Int(n.rounded(.up))) patients at event probability \(F.fixed(p.probability, 3))" }
            out += "\n"
        }
        return out
    }
}
