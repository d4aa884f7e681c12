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
        SetOption(name: "plot_dpi", summary: "resolution of PNG figures written by plot, 36 to 1200 dots per inch (default 150)", allowedWords: nil),
        SetOption(name: "threads", summary: "threads for loading and the statistics, a whole number from 1 to 256 (default: the cores available); results are the same whatever the count", allowedWords: nil),
        SetOption(name: "level", summary: "unit of analysis for cBioPortal studies loaded afterwards: patient (default) or sample", allowedWords: ["patient", "sample"]),
        // The REPL's own options: accepted everywhere, acted on only by the interactive REPL.
        SetOption(name: "editing", summary: "REPL key bindings: emacs (default) or vi", allowedWords: ["emacs", "vi"]),
        SetOption(name: "wide", summary: "REPL: a table wider than the terminal goes through the pager (default), vertical (one field per line) or wrap", allowedWords: ["pager", "vertical", "wrap"]),
        SetOption(name: "pager", summary: "REPL: long or wide results through $PAGER (default less -SRFX): on (default) or off", allowedWords: ["on", "off"]),
        SetOption(name: "terminal_plot", summary: "REPL: a braille Kaplan–Meier plot under survive in a colour terminal: on (default) or off", allowedWords: ["on", "off"]),
    ]

    /// The largest `set threads` value.
    public static let maxThreads = 256
    /// What `set threads` takes, for the checker's and the runtime's diagnostic.
    public static let threadsExpectation = "a whole number of threads from 1 to \(maxThreads), such as 2"

    /// The file formats `plot` writes, by extension: SVG itself, PNG and PDF through rsvg-convert.
    public static let plotFormats = ["svg", "png", "pdf"]
    /// The one wording of an unsupported plot file name, for the checker and the runtime alike.
    public static let plotFormatText = "a plot is written as SVG, PNG or PDF; name a file ending in .svg, .png or .pdf"
    public static let plotFormatHint = "PNG and PDF are converted from the SVG by rsvg-convert (Debian package librsvg2-bin)"

    /// The format of a plot file name (`svg`, `png`, `pdf`), or nil when it is not one of them.
    public static func plotFormat(of path: String) -> String? {
        let ext = (path.split(separator: "/").last ?? "").split(separator: ".").dropFirst().last.map { $0.lowercased() }
        return ext.flatMap { plotFormats.contains($0) ? $0 : nil }
    }

    /// Built-in demo data sets (`load demo NAME`).
    public static let demoNames: [String] = ["ntrk"]

    /// Ties methods accepted by `compare ... ties`.
    public static let tiesMethods = ["efron", "breslow"]
    /// Interval methods accepted by `prevalence ... method`.
    public static let prevalenceMethods = ["wilson", "exact"]
    /// Tests accepted by `associate ... test`.
    public static let associationTests = ["auto", "fisher", "chisq"]

    /// What `compare ... check` accepts.
    public static let compareChecks = ["ph"]
    /// Tests accepted by `compare ... test`.
    public static let weightedTests = ["logrank", "peto", "fleming"]

    /// An option of the `power` statement.
    public struct PowerOption: Sendable {
        public var name: String
        /// What the value must be, for messages and hover.
        public var summary: String
        public var allowedWords: [String]?
        var lower: Double = -.infinity, upper: Double = .infinity, open: Bool = true, excluded: Double? = nil
        /// True when `x` is in the option's range.
        public func accepts(_ x: Double) -> Bool {
            x.isFinite && x != excluded && (open ? x > lower && x < upper : x >= lower && x <= upper)
        }
    }

    /// The options of `power` (Schoenfeld/Freedman closed forms).
    public static let powerOptions: [PowerOption] = [
        PowerOption(name: "hr", summary: "a positive hazard ratio other than 1", lower: 0, excluded: 1),
        PowerOption(name: "ratio", summary: "a positive allocation ratio K (1:K, K reference patients per compared patient)", lower: 0),
        PowerOption(name: "alpha", summary: "a two-sided significance level between 0 and 1", lower: 0, upper: 1),
        PowerOption(name: "events", summary: "a positive number of events", lower: 0),
        PowerOption(name: "patients", summary: "a positive number of patients", lower: 0),
        PowerOption(name: "probability", summary: "the probability of an event, between 0 and 1 (above 0, at most 1)", lower: 0, upper: 1, open: true),
        PowerOption(name: "target", summary: "a target power between 0 and 1", lower: 0, upper: 1),
        PowerOption(name: "method", summary: "schoenfeld (default) or freedman", allowedWords: ["schoenfeld", "freedman"]),
    ]

    /// One-line help for each keyword, for hover and the REPL's `.help`.
    public static func keywordSummary(_ k: Keyword) -> String {
        switch k {
        case .load: return "load \"PATH\" as NAME [id COLUMN] [per sample] — a cBioPortal study folder or a TSV/CSV table; load demo ntrk as NAME — the built-in synthetic cohort"
        case .let: return "let NAME = COHORT where CONDITION — define a sub-cohort"
        case .match: return "match COHORT by CONDITION ratio K [exact COL, ...] on COL, ... [caliper X] [seed N] [with replacement] as NAME — 1:K nearest-neighbour propensity-score matching"
        case .survive: return "survive COHORT [by GROUPING] [endpoint E | time COL event COL] [entry COL] [at T, ...] [every T] [rmean T] [weight COL] — Kaplan–Meier estimates"
        case .compare: return "compare COHORT by GROUPING [strata COL] [adjust COL, ...] [cluster COL] [reference VALUE] [ties efron|breslow] [check ph] [test logrank|peto|fleming(R, G)] [rmst TAU] [weight COL] [within COL] — log-rank test and Cox hazard ratios"
        case .prevalence: return "prevalence COHORT of ALTERATION, ... [by COLUMN] [method wilson|exact] — proportions with confidence intervals"
        case .associate: return "associate COHORT ALTERATION with COL, ... [test fisher|chisq] — association tests of an alteration with clinical variables"
        case .describe: return "describe COHORT — patients, samples, columns, endpoints and alterations"
        case .plot: return "plot [survival|incidence|forest|balance] COHORT [by GROUPING] to \"FILE.svg|png|pdf\" [title \"...\"] [labels (...)] [colors (...)] [xlim T] [break T] [size W x H] [bands on|off] [risk table on|off] [legend right|bottom|inside] — Kaplan–Meier, cumulative incidence, forest or balance (love) plot"
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
        case .check: return "check ph — test proportional hazards after the Cox model (R's cox.zph, transform km)"
        case .rmst: return "rmst TAU — restricted mean survival time per group up to TAU, difference and ratio (Uno et al. 2014)"
        case .weight: return "weight COLUMN — case weights (weighted Kaplan–Meier and Cox model)"
        case .within: return "within COLUMN — the comparison in each level of COLUMN, with an interaction test"
        case .power: return "power hr X [ratio K] [alpha A] [events N | patients N probability P] [target P] [method schoenfeld|freedman]; power for COHORT by GROUPING hr X — power or events needed"
        case .for: return "power for COHORT by GROUPING — take group sizes and event proportion from a cohort"
        default: return k.rawValue
        }
    }
}
