import SurvQLRuntime

/// Renders a result as one tidy CSV table (`--output-dir`, `export last to "x.csv"`): a header of
/// descriptive column names, then one row per observation (group × time for survival, group or
/// term for a comparison, column for describe, covariate for match, alteration × group for
/// prevalence, variable for association). Counts are integers, other numbers at full precision,
/// missing values empty cells. `read.csv` and `pandas.read_csv` read it as it is.
public enum ResultCSV {
    static func cell(_ s: String, _ separator: Character = ",") -> String {
        s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    static func num(_ d: Double?) -> String { d.map { $0.isFinite ? "\($0)" : "" } ?? "" }
    /// A count: an integer when the value is whole.
    static func count(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "" }
        return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
    }

    public static func render(_ r: StatementResult) -> String { render(r, separator: ",") }

    /// The file name `--output-dir` gives a result: `NN_kind_name.csv` (statement number, two digits
    /// at least; the cohort or result name with anything but letters, digits, `-` and `_` as `_`).
    public static func fileName(_ r: StatementResult) -> String? {
        let name: String
        switch r.value {
        case let .survival(s): name = s.cohort
        case let .comparison(c): name = c.cohort
        case let .describe(d): name = d.cohort
        case let .match(m): name = m.name
        case let .prevalence(p): name = p.cohort
        case let .association(a): name = a.cohort
        case let .power(p): name = p.cohort ?? "power"
        case .message: return nil
        }
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let nn = r.statement < 10 ? "0\(r.statement)" : String(r.statement)
        return "\(nn)_\(r.kind)_\(safe.isEmpty ? "result" : safe).csv"
    }

    /// The result with `separator` between fields (`,` for CSV, a tab for TSV).
    public static func render(_ r: StatementResult, separator: Character) -> String {
        func block(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map { $0.map { cell($0, separator) }.joined(separator: String(separator)) }.joined(separator: "\n") + "\n"
        }
        switch r.value {
        case let .survival(s):
            return block(["cohort", "group", "n", "events", "median", "median_lower", "median_upper", "time", "survival",
                          "survival_lower", "survival_upper", "std_err", "at_risk"],
                         s.groups.flatMap { g -> [[String]] in
                             let base = [s.cohort, g.label, String(g.n), count(g.events), num(g.median), num(g.medianLower), num(g.medianUpper)]
                             if g.at.isEmpty { return [base + ["", "", "", "", "", ""]] }
                             return g.at.map { base + [num($0.time), num($0.survival), num($0.lower), num($0.upper), num($0.stdErr), count($0.atRisk)] }
                         })
        case let .comparison(c):
            let header = ["cohort", "row", "label", "n", "events", "observed", "expected", "median", "median_lower", "median_upper",
                          "hazard_ratio", "hr_lower", "hr_upper", "coef", "se", "z", "p", "logrank_chisq", "logrank_df", "logrank_p"]
            let lr = [num(c.logrank?.chisq), count(c.logrank?.df), num(c.logrank?.p)]
            var rows = c.groups.map { g -> [String] in
                [c.cohort, "group", g.label, String(g.n), count(g.events), num(g.observed), num(g.expected),
                 num(g.median), num(g.medianLower), num(g.medianUpper), "", "", "", "", "", "", ""] + lr
            }
            for t in c.cox?.terms ?? [] {
                rows.append([c.cohort, "cox_term", t.term, "", "", "", "", "", "", "", num(t.hr), num(t.hrLower), num(t.hrUpper),
                             num(t.coef), num(t.se), num(t.z), num(t.p)] + lr)
            }
            return block(header, rows)
        case let .describe(d):
            return block(["cohort", "column", "type", "missing", "distinct", "min", "median", "max", "mean"],
                         d.columns.map { [d.cohort, $0.name, $0.type, String($0.missing), $0.distinct.map(String.init) ?? "",
                                          num($0.numeric?.min), num($0.numeric?.median), num($0.numeric?.max), num($0.numeric?.mean)] })
        case let .match(m):
            return block(["matched_cohort", "covariate", "mean_treated", "mean_control_before", "mean_control_after", "smd_before", "smd_after",
                          "treated", "controls", "matched_treated", "matched_controls"],
                         m.balance.map { [m.name, $0.covariate, num($0.meanTreated), num($0.meanControlBefore), num($0.meanControlAfter),
                                          num($0.smdBefore), num($0.smdAfter), String(m.treated), String(m.controls),
                                          String(m.matchedTreated), String(m.matchedControls)] })
        case let .prevalence(p):
            return block(["cohort", "alteration", "group", "profiled", "positive", "proportion", "lower", "upper", "not_profiled"],
                         p.rows.map { [p.cohort, $0.alteration, $0.group ?? "", String($0.n), String($0.positive), num($0.proportion),
                                       num($0.lower), num($0.upper), String($0.notProfiled)] })
        case let .association(a):
            return block(["cohort", "alteration", "variable", "test", "statistic", "df", "p", "q", "odds_ratio", "or_lower", "or_upper"],
                         a.rows.map { [a.cohort, a.alteration, $0.variable, $0.test, num($0.statistic), $0.df.map(String.init) ?? "",
                                       num($0.p), num($0.q), num($0.oddsRatio), num($0.oddsRatioLower), num($0.oddsRatioUpper)] })
        case let .message(m):
            return block(["verb", "message"], [[m.verb, m.text]])
        case let .power(p):
            return block(["method", "hr", "alpha", "ratio", "events", "patients", "probability", "power", "target", "events_needed", "patients_needed"],
                         [[p.method, num(p.hazardRatio), num(p.alpha), num(p.ratio), num(p.events), num(p.patients), num(p.probability),
                           num(p.power), num(p.target), num(p.eventsNeeded), num(p.patientsNeeded)]])
        }
    }
}
