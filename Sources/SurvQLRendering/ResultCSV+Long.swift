import SurvQLRuntime

/// The long-format CSV of `--format csv` on standard output: every result of a run in one table
/// with the columns `statement,kind,name,group,term,quantity,value,lower,upper`, the header once.
/// `name` is the cohort (the matched cohort for `match`), `group` a group label, `term` what the
/// row is about within the group (`at 12` for a time, a Cox term, a covariate, an alteration, a
/// column), `quantity` the statistic, `value` its value and `lower`/`upper` its confidence limits
/// where it has them. Messages (`load`, `let`, ...) have no rows.
extension ResultCSV {
    public static let longHeader = "statement,kind,name,group,term,quantity,value,lower,upper\n"

    public static func longRows(_ r: StatementResult) -> String {
        var out = ""
        func row(_ name: String, _ group: String, _ term: String, _ quantity: String, _ value: String,
                 _ lower: String = "", _ upper: String = "") {
            out += [String(r.statement), r.kind, name, group, term, quantity, value, lower, upper].map { cell($0) }.joined(separator: ",") + "\n"
        }
        func t(_ x: Double) -> String { "at " + count(x) }
        switch r.value {
        case let .survival(s):
            for g in s.groups {
                row(s.cohort, g.label, "", "n", String(g.n))
                row(s.cohort, g.label, "", "events", count(g.events))
                row(s.cohort, g.label, "", "median", num(g.median), num(g.medianLower), num(g.medianUpper))
                for a in g.at {
                    row(s.cohort, g.label, t(a.time), "survival", num(a.survival), num(a.lower), num(a.upper))
                    row(s.cohort, g.label, t(a.time), "at_risk", count(a.atRisk))
                }
                for (time, n) in zip(s.riskTimes, g.atRisk) where !g.at.contains(where: { $0.time == time }) {
                    row(s.cohort, g.label, t(time), "at_risk", count(n))
                }
                if let m = g.rmean { row(s.cohort, g.label, "horizon " + count(m.horizon), "restricted_mean", num(m.value)) }
            }
        case let .comparison(c):
            for g in c.groups {
                row(c.cohort, g.label, "", "n", String(g.n))
                row(c.cohort, g.label, "", "events", count(g.events))
                row(c.cohort, g.label, "", "median", num(g.median), num(g.medianLower), num(g.medianUpper))
                if let o = g.observed { row(c.cohort, g.label, "", "observed", count(o)) }
                if let e = g.expected { row(c.cohort, g.label, "", "expected", num(e)) }
            }
            if let lr = c.logrank {
                row(c.cohort, "", "logrank", "chisq", num(lr.chisq))
                row(c.cohort, "", "logrank", "df", count(lr.df))
                row(c.cohort, "", "logrank", "p", num(lr.p))
            }
            for term in c.cox?.terms ?? [] {
                row(c.cohort, "", term.term, "hazard_ratio", num(term.hr), num(term.hrLower), num(term.hrUpper))
                row(c.cohort, "", term.term, "p", num(term.p))
            }
            if let k = c.cox?.concordance { row(c.cohort, "", "cox", "concordance", num(k)) }
        case let .describe(d):
            row(d.cohort, "", "", "patients", String(d.patients))
            if let s = d.samples { row(d.cohort, "", "", "samples", String(s)) }
            for col in d.columns {
                row(d.cohort, "", col.name, "missing", String(col.missing))
                if let n = col.numeric {
                    row(d.cohort, "", col.name, "median", num(n.median))
                    row(d.cohort, "", col.name, "mean", num(n.mean))
                }
            }
        case let .match(m):
            row(m.name, "", "", "treated", String(m.treated))
            row(m.name, "", "", "controls", String(m.controls))
            row(m.name, "", "", "matched_treated", String(m.matchedTreated))
            row(m.name, "", "", "matched_controls", String(m.matchedControls))
            for b in m.balance {
                row(m.name, "", b.covariate, "smd_before", num(b.smdBefore))
                row(m.name, "", b.covariate, "smd_after", num(b.smdAfter))
            }
        case let .prevalence(p):
            for x in p.rows {
                row(p.cohort, x.group ?? "", x.alteration, "profiled", String(x.n))
                row(p.cohort, x.group ?? "", x.alteration, "positive", String(x.positive))
                row(p.cohort, x.group ?? "", x.alteration, "proportion", num(x.proportion), num(x.lower), num(x.upper))
            }
        case let .association(a):
            for x in a.rows {
                row(a.cohort, "", x.variable, "statistic", num(x.statistic))
                row(a.cohort, "", x.variable, "p", num(x.p))
                row(a.cohort, "", x.variable, "q", num(x.q))
            }
        case let .power(p):
            let name = p.cohort ?? ""
            for (q, v) in [("hazard_ratio", p.hazardRatio), ("alpha", p.alpha), ("ratio", p.ratio), ("target", p.target)] {
                row(name, "", p.method, q, num(v))
            }
            // Assumed events may be fractional (patients × probability): not named like a count.
            for (q, v) in [("events_assumed", p.events), ("patients_assumed", p.patients), ("event_probability", p.probability), ("power", p.power),
                           ("events_needed", p.eventsNeeded), ("patients_needed", p.patientsNeeded)] {
                if let v { row(name, "", p.method, q, num(v)) }
            }
        case .message:
            break
        }
        return out
    }
}
