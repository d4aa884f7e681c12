import Foundation
import SurvQLSyntax

/// The one documentation catalog of the language: a paragraph and an example per statement and
/// per clause keyword. Hover, the REPL's `.help` and the README's statement table all come from
/// here, so they never disagree (a test compares the README's table with `statementTable()`).
public enum Documentation {
    /// The documentation of one statement form.
    public struct StatementDoc: Sendable, Hashable {
        public var verb: Keyword
        /// The syntax as markdown (code spans; `\|` for a literal bar inside a table cell).
        public var syntax: String
        /// What it does (markdown, one paragraph).
        public var summary: String
        /// A typical use.
        public var example: String

        /// The syntax without markdown (for a terminal).
        public var plainSyntax: String { Documentation.plain(syntax) }
        /// What it does, without markdown.
        public var plainSummary: String { Documentation.plain(summary) }
    }

    /// Every statement form, in the order of the README's table.
    public static let statements: [StatementDoc] = [
        StatementDoc(verb: .load, syntax: "`load \"PATH\" as NAME [id COLUMN] [per sample] [sep \";\"]`",
                     summary: "Loads a cBioPortal study folder or a TSV/CSV table (one row per patient; `id` names the identifier column, else `PATIENT_ID`/`patient_id`/`id`; `sep` gives a table's one-character separator). Relative paths are tried against the working directory, then the query file's folder. `per sample` analyses samples instead of patients.",
                     example: "load \"data/msk_met_2021\" as met"),
        StatementDoc(verb: .load, syntax: "`load demo ntrk as NAME`",
                     summary: "The built-in synthetic real-world cohort (below).",
                     example: "load demo ntrk as rwd"),
        StatementDoc(verb: .`let`, syntax: "`let NAME = COHORT [where CONDITION]`",
                     summary: "A sub-cohort. Cohorts are immutable: nothing loaded is ever altered.",
                     example: "let older = rwd where age >= 65 and ecog in (0, 1)"),
        StatementDoc(verb: .match, syntax: "`match COHORT by CONDITION ratio K [exact COL, ...] on COL, ... [caliper X] [seed N] [with replacement] as NAME`",
                     summary: "1:K nearest-neighbour matching on a logistic propensity score, as MatchIt 4.7.2's `method = \"nearest\"` (see \"Matching and MatchIt\").",
                     example: "match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 10 exact cancer_type on age, sex, ecog as matched"),
        StatementDoc(verb: .survive, syntax: "`survive COHORT [by GROUPING] [ENDPOINT] [at T, ...] [every T] [rmean T] [weight COL]`",
                     summary: "Kaplan–Meier per group: n, events, median with CI (or \"not reached\"), survival with CI at times, numbers at risk, restricted mean; median follow-up (reverse Kaplan–Meier).",
                     example: "survive matched by fusion at 12, 24 rmean 36"),
        StatementDoc(verb: .compare, syntax: "`compare COHORT by GROUPING [ENDPOINT] [strata COL, ...] [adjust TERM, ...] [cluster COL] [reference VALUE] [ties efron\\|breslow] [check ph] [test logrank\\|peto\\|fleming(RHO, GAMMA)] [rmst TAU] [weight COL] [within COL]`",
                     summary: "Log-rank test and Cox model: hazard ratio of each group against the reference with CI and p; LR, Wald and score tests; concordance. The extra clauses are described in [Beyond one hazard ratio](#beyond-one-hazard-ratio).",
                     example: "compare matched by fusion adjust age, ecog cluster match_id"),
        StatementDoc(verb: .power, syntax: "`power [for COHORT by GROUPING] hr X [ratio K] [alpha A] [events N \\| patients N probability P] [target P] [method schoenfeld\\|freedman]`",
                     summary: "Power of a two-group comparison, and the events and patients needed for a target power.",
                     example: "power hr 1.6 ratio 10 events 60"),
        StatementDoc(verb: .prevalence, syntax: "`prevalence COHORT of ALTERATION, ... [by COLUMN] [method wilson\\|exact]`",
                     summary: "Proportion of profiled patients carrying each alteration, with a confidence interval.",
                     example: "prevalence met of fusion ALK, amp ERBB2 by CANCER_TYPE"),
        StatementDoc(verb: .associate, syntax: "`associate COHORT ALTERATION with COL, ... [test fisher\\|chisq]`",
                     summary: "Association of an alteration with clinical variables.",
                     example: "associate met fusion ALK with SEX, SMOKING_HISTORY"),
        StatementDoc(verb: .describe, syntax: "`describe COHORT`",
                     summary: "Patients, samples, columns with types, missingness and summaries, endpoints, alterations.",
                     example: "describe rwd"),
        StatementDoc(verb: .plot, syntax: "`plot [survival\\|incidence\\|forest\\|balance] COHORT [by GROUPING] to \"FILE.svg\\|png\\|pdf\" [overwrite] [OPTION ...]`",
                     summary: "A Kaplan–Meier or cumulative-incidence plot, a forest plot of the Cox model, or a love plot of a match ([Figures](#figures)).",
                     example: "plot survival matched by fusion to \"km.svg\""),
        StatementDoc(verb: .export, syntax: "`export last to \"FILE.json\"` / `export COHORT to \"FILE.tsv\" [overwrite]`",
                     summary: "The last result as JSON, CSV or TSV, or a cohort as a table (`.tsv`, `.csv`) or a JSON array (`.json`); `\"-\"` is standard output. An existing file is replaced only with `overwrite`; see [Hostile input and faults](#hostile-input-and-faults).",
                     example: "export last to \"hazard_ratios.json\""),
        StatementDoc(verb: .set, syntax: "`set OPTION VALUE`",
                     summary: "`confidence 0.90`, `conf_type log\\|log-log\\|plain`, `ties efron\\|breslow`, `seed N`, `level patient\\|sample`, `match_rule matchit-4.7.2\\|matchit-4.5.1` (which MatchIt `match` reproduces; `nearest` is another name for `matchit-4.7.2`, the default), `plot_dpi N`, `threads N` (threads for loading and the statistics, default the cores available; results are the same bits whatever the count); in the REPL also `editing emacs\\|vi`, `wide pager\\|vertical\\|wrap`, `pager on\\|off`, `terminal_plot on\\|off`.",
                     example: "set confidence 0.90"),
    ]

    /// Examples of clause keywords, shown under their one-line summary.
    static let keywordExamples: [Keyword: String] = [
        .as: "load demo ntrk as rwd",
        .id: "load \"cohort.tsv\" as rwd id patient",
        .per: "load \"data/msk_impact_2017\" as impact per sample",
        .demo: "load demo ntrk as rwd",
        .where: "let older = rwd where age >= 65",
        .by: "survive rwd by ecog",
        .ratio: "match rwd by fusion NTRK1 ratio 10 on age as m",
        .exact: "match rwd by fusion NTRK1 ratio 10 exact cancer_type on age as m",
        .on: "match rwd by fusion NTRK1 ratio 10 on age, sex, ecog as m",
        .caliper: "match rwd by fusion NTRK1 ratio 4 on age caliper 0.2 as m",
        .seed: "match rwd by fusion NTRK1 ratio 4 on age seed 42 as m",
        .with: "associate met fusion ALK with SEX",
        .replacement: "match rwd by fusion NTRK1 ratio 4 on age with replacement as m",
        .at: "survive rwd at 12, 24, 60",
        .every: "survive rwd every 6",
        .rmean: "survive rwd by fusion NTRK1 rmean 36",
        .endpoint: "survive met endpoint os",
        .time: "survive rwd time os_months event os_status",
        .event: "survive rwd time os_months event os_status",
        .entry: "survive rwd entry months_to_test",
        .adjust: "compare rwd by fusion NTRK1 adjust age, ecog",
        .strata: "compare rwd by fusion NTRK1 strata cancer_type",
        .cluster: "compare m by fusion cluster match_id",
        .reference: "compare rwd by ecog reference 0",
        .ties: "compare rwd by sex ties breslow",
        .method: "prevalence met of fusion ALK method exact",
        .test: "associate met fusion ALK with SEX test fisher",
        .of: "prevalence met of fusion ALK, amp ERBB2",
        .to: "plot survival rwd by sex to \"km.svg\"",
        .last: "export last to \"result.json\"",
        .survival: "plot survival rwd to \"km.svg\"",
        .and: "let x = rwd where age >= 65 and sex = \"Female\"",
        .or: "let x = rwd where ecog = 0 or ecog = 1",
        .not: "let x = rwd where not fusion NTRK1",
        .in: "let x = rwd where ecog in (0, 1)",
        .is: "let x = rwd where ecog is not missing",
        .missing: "let x = rwd where ecog is missing",
        .true: "let x = rwd where smoker = true",
        .false: "let x = rwd where smoker = false",
        .fusion: "let pos = met where fusion EML4::ALK",
        .amp: "prevalence met of amp ERBB2",
        .gain: "prevalence met of gain MYC",
        .hetloss: "prevalence met of hetloss TP53",
        .homdel: "prevalence met of homdel CDKN2A",
        .mut: "let g12c = met where mut KRAS G12C",
        .patient: "set level patient",
        .sample: "set level sample",
    ]

    /// Hover text for a keyword (markdown): for a verb its statement forms with what they do and
    /// an example; for a clause keyword its one-line summary and an example.
    public static func markdown(for keyword: Keyword) -> String {
        let forms = statements.filter { $0.verb == keyword }
        if !forms.isEmpty {
            return forms.map { "\($0.syntax.replacingOccurrences(of: "\\|", with: "|"))\n\n\($0.summary)\n\n```survql\n\($0.example)\n```" }
                .joined(separator: "\n\n---\n\n")
        }
        var text = "`\(keyword.rawValue)` — " + LanguageFacts.keywordSummary(keyword)
        if let e = keywordExamples[keyword] { text += "\n\n```survql\n\(e)\n```" }
        return text
    }

    /// One line per statement form, for the REPL's `.help`.
    public static func helpIndex() -> String {
        let width = statements.map { $0.plainSyntax.count }.max() ?? 0
        return statements.map { d in
            let syntax = d.plainSyntax
            return syntax + String(repeating: " ", count: width - syntax.count) + "  " + firstSentence(d.plainSummary)
        }.joined(separator: "\n")
    }

    /// The help for `word` (a verb or clause keyword, any case), for the REPL's `.help VERB`:
    /// the statement forms with what they do and an example, or a keyword's summary and example;
    /// nil for a word that is not a keyword.
    public static func help(for word: String) -> String? {
        guard let k = Keyword(rawValue: word.lowercased()) else { return nil }
        let forms = statements.filter { $0.verb == k }
        if !forms.isEmpty {
            return forms.map { "\($0.plainSyntax)\n  \($0.plainSummary)\n  example: \($0.example)" }.joined(separator: "\n\n")
        }
        var text = k.rawValue + ": " + LanguageFacts.keywordSummary(k)
        if let e = keywordExamples[k] { text += "\n  example: \(e)" }
        return text
    }

    /// The README's statement table (markdown), generated from the catalog.
    public static func statementTable() -> String {
        (["| statement | what it does |", "|---|---|"] + statements.map { "| \($0.syntax) | \($0.summary) |" })
            .joined(separator: "\n")
    }

    static func plain(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "`", with: "")
    }

    static func firstSentence(_ s: String) -> String {
        var depth = 0
        var prev: Character = " "
        for (i, c) in zip(s.indices, s) {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
            if c == " " && prev == "." && depth == 0 { return String(s[..<s.index(before: i)]) + "." }
            prev = c
        }
        return s
    }
}
