import SurvQLSyntax

/// Facts about the language that the checker, the runtime, completion and hover share.
public enum LanguageFacts {
    /// `set` options, with the kind of value each takes and a description for hover.
    public struct SetOption: Sendable {
        public var name: String
        public var summary: String
        public var allowedWords: [String]?
    }

    public static let setOptions: [SetOption] = [
        SetOption(name: "confidence", summary: "confidence level of intervals, between 0 and 1 (default 0.95)", allowedWords: nil),
        SetOption(name: "conf_type", summary: "Kaplan–Meier interval transform: log (R's default), log-log or plain", allowedWords: ["log", "log-log", "loglog", "plain"]),
        SetOption(name: "ties", summary: "Cox tie handling: efron (R's default) or breslow", allowedWords: ["efron", "breslow"]),
        SetOption(name: "seed", summary: "seed for random choices (match ... seed overrides it)", allowedWords: nil),
        SetOption(name: "match_rule", summary: "which MatchIt match reproduces: matchit-4.7.2 (default: the current MatchIt, exact distances, a working caliper; also called nearest) or matchit-4.5.1 (Debian 12's MatchIt bit for bit, whole-number gaps)", allowedWords: ["matchit-4.7.2", "matchit-4.5.1", "nearest"]),
        SetOption(name: "level", summary: "unit of analysis for cBioPortal studies loaded afterwards: patient (default) or sample", allowedWords: ["patient", "sample"]),
    ]

    /// Built-in demo data sets (`load demo NAME`).
    public static let demoNames: [String] = ["ntrk"]

    /// Ties methods accepted by `compare ... ties`.
    public static let tiesMethods = ["efron", "breslow"]
    /// Interval methods accepted by `prevalence ... method`.
    public static let prevalenceMethods = ["wilson", "exact"]
    /// Tests accepted by `associate ... test`.
    public static let associationTests = ["auto", "fisher", "chisq"]

    /// One-line help for each keyword, for hover and the REPL's `.help`.
    public static func keywordSummary(_ k: Keyword) -> String {
        switch k {
        case .load: return "load \"PATH\" as NAME [id COLUMN] [per sample] — a cBioPortal study folder or a TSV/CSV table; load demo ntrk as NAME — the built-in synthetic cohort"
        case .let: return "let NAME = COHORT where CONDITION — define a sub-cohort"
        case .match: return "match COHORT by CONDITION ratio K [exact COL, ...] on COL, ... [caliper X] [seed N] [with replacement] as NAME — 1:K nearest-neighbour propensity-score matching"
        case .survive: return "survive COHORT [by GROUPING] [endpoint E | time COL event COL] [entry COL] [at T, ...] [every T] [rmean T] — Kaplan–Meier estimates"
        case .compare: return "compare COHORT by GROUPING [strata COL] [adjust COL, ...] [cluster COL] [reference VALUE] [ties efron|breslow] — log-rank test and Cox hazard ratios"
        case .prevalence: return "prevalence COHORT of ALTERATION, ... [by COLUMN] [method wilson|exact] — proportions with confidence intervals"
        case .associate: return "associate COHORT ALTERATION with COL, ... [test fisher|chisq] — association tests of an alteration with clinical variables"
        case .describe: return "describe COHORT — patients, samples, columns, endpoints and alterations"
        case .plot: return "plot survival COHORT [by GROUPING] to \"FILE.svg\" — Kaplan–Meier plot"
        case .export: return "export last|COHORT to \"FILE\" — write the last result (JSON/CSV) or a cohort (TSV/CSV)"
        case .set: return "set OPTION VALUE — options: " + setOptions.map(\.name).joined(separator: ", ")
        case .fusion: return "fusion GENE (either side), fusion A::B (A upstream), fusion A:: / ::B (any partner), fusion A::- (intergenic), fusion G1|G2 (any of)"
        case .amp: return "amp GENE — high-level amplification (CNA 2)"
        case .gain: return "gain GENE — low-level gain (CNA 1)"
        case .hetloss: return "hetloss GENE — shallow deletion (CNA -1)"
        case .homdel: return "homdel GENE — deep deletion (CNA -2)"
        case .mut: return "mut GENE [PROTEIN_CHANGE] — a mutation, optionally a specific protein change (mut KRAS G12C)"
        case .endpoint: return "endpoint NAME — a named survival endpoint of a cBioPortal study (os, pfs, dfs)"
        case .time: return "time COLUMN — the survival time column"
        case .event: return "event COLUMN — the event column (0/1, TRUE/FALSE or cBioPortal status strings)"
        case .entry: return "entry COLUMN — delayed-entry (left-truncation) time"
        case .strata: return "strata COLUMN — stratify the log-rank test and the Cox model"
        case .adjust: return "adjust COL, ... — covariates of the Cox model"
        case .cluster: return "cluster COLUMN — robust (sandwich) variance clustered on this column"
        case .ratio: return "ratio K — controls per treated patient"
        case .exact: return "exact COL, ... — match only within cells of these columns"
        case .caliper: return "caliper X — maximum distance, in standard deviations of the propensity score"
        case .at: return "at T, ... — survival estimates at these times"
        case .missing: return "COLUMN is [not] missing"
        default: return k.rawValue
        }
    }
}
