import SurvQLRuntime

/// Renders results as CSV: one block per result, a header row then data rows; blocks are
/// separated by a blank line. Numbers at full precision; empty cells for missing values.
public enum ResultCSV {
    static func cell(_ s: String, _ separator: Character) -> String {
        s.contains(separator) || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    static func num(_ d: Double?) -> String { d.map { $0.isFinite ? "\($0)" : "" } ?? "" }

    public static func render(_ r: StatementResult) -> String { render(r, separator: ",") }

    /// The result with `separator` between fields (`,` for CSV, a tab for TSV).
    public static func render(_ r: StatementResult, separator: Character) -> String {
        func block(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map { $0.map { cell($0, separator) }.joined(separator: String(separator)) }.joined(separator: "\n") + "\n"
        }
        let lead = [String(r.statement), r.kind]
        let leadHeader = ["statement", "kind"]
        switch r.value {
        case let .survival(s):
            return block(leadHeader + ["group", "n", "events", "median", "median_lower", "median_upper", "time", "survival", "lower", "upper", "at_risk"],
                         s.groups.flatMap { g -> [[String]] in
                             let base = lead + [g.label, String(g.n), num(g.events), num(g.median), num(g.medianLower), num(g.medianUpper)]
                             if g.at.isEmpty { return [base + ["", "", "", "", ""]] }
                             return g.at.map { base + [num($0.time), num($0.survival), num($0.lower), num($0.upper), num($0.atRisk)] }
                         })
        case let .comparison(c):
            var rows = c.groups.map { lead + ["group", $0.label, String($0.n), num($0.events), num($0.observed), num($0.expected), "", "", "", ""] }
            if let lr = c.logrank { rows.append(lead + ["logrank", "", "", "", "", "", num(lr.chisq), num(lr.df), num(lr.p), ""]) }
            for t in c.cox?.terms ?? [] {
                rows.append(lead + ["cox", t.term, "", "", "", "", num(t.hr), num(t.hrLower), num(t.hrUpper), num(t.p)])
            }
            return block(leadHeader + ["row", "label", "n", "events", "observed", "expected", "value", "df_or_lower", "p_or_upper", "p"], rows)
        case let .describe(d):
            return block(leadHeader + ["column", "type", "missing"], d.columns.map { lead + [$0.name, $0.type, String($0.missing)] })
        case let .match(m):
            return block(leadHeader + ["covariate", "mean_treated", "mean_control_before", "mean_control_after", "smd_before", "smd_after"],
                         m.balance.map { lead + [$0.covariate, num($0.meanTreated), num($0.meanControlBefore), num($0.meanControlAfter), num($0.smdBefore), num($0.smdAfter)] })
        case let .prevalence(p):
            return block(leadHeader + ["alteration", "group", "n", "positive", "proportion", "lower", "upper"],
                         p.rows.map { lead + [$0.alteration, $0.group ?? "", String($0.n), String($0.positive), num($0.proportion), num($0.lower), num($0.upper)] })
        case let .association(a):
            return block(leadHeader + ["variable", "test", "statistic", "p", "q"],
                         a.rows.map { lead + [$0.variable, $0.test, num($0.statistic), num($0.p), num($0.q)] })
        case let .message(m):
            return block(leadHeader + ["verb", "message"], [lead + [m.verb, m.text]])
        }
    }
}

/// The output formats of batch mode and the REPL's `.mode`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv

    public func render(_ r: StatementResult) -> String {
        switch self {
        case .table: return ResultText.render(r)
        case .json: return ResultJSON.object(r).serialized() + "\n"
        case .csv: return ResultCSV.render(r)
        }
    }

    /// The exporter for `export last` (JSON, CSV or TSV) and `plot` (SVG of a survival result).
    public static let exporter: ResultExporter = { r, format in
        switch format {
        case "csv": return ResultCSV.render(r)
        case "tsv": return ResultCSV.render(r, separator: "\t")
        case "svg":
            if case let .survival(s) = r.value { return SurvivalPlotSVG.render(s) }
            return ""
        default: return ResultJSON.object(r).serialized() + "\n"
        }
    }
}
