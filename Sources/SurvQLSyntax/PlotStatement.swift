/// `plot [survival|incidence|forest|balance] COHORT [by GROUPING] [endpoint ...] [adjust COL, ...]
/// [strata COL] [cluster COL] [reference VALUE] to "FILE" [OPTION ...]`.
///
/// The options (`title "..."`, `labels (...)`, `bands off`, ...) are contextual words: they are
/// names everywhere else, and only this statement reads them as options.
public struct PlotStatement: Sendable {
    /// What is drawn: a Kaplan–Meier plot (`survival`, the default), its complement
    /// (`incidence`, 1 − S), a forest plot of a Cox model, or a love plot of a match's balance.
    public enum Kind: String, Sendable, CaseIterable {
        case survival, incidence, forest, balance
    }

    public var kind: Kind = .survival
    /// The range of the kind word, when written.
    public var kindRange: SourceRange?
    public var cohort: Name?
    public var grouping: Grouping?
    public var endpoint = EndpointSpec()
    /// Covariates of the Cox model (`plot forest ... adjust age, ecog`).
    public var adjust: [Name] = []
    public var strata: Name?
    /// Robust variance clustered on this column (`plot forest ... cluster match_id`).
    public var cluster: Name?
    public var reference: Literal?
    public var path: Literal?
    /// The figure options in the order written.
    public var options: [PlotOption] = []
    public init() {}

    /// The option with this name, if written.
    public func option(_ name: String) -> PlotOption? { options.first { $0.name == name } }
}

/// One figure option as written: its canonical name (`risk table`) and its values, each with
/// its range (a string, a number, or on/off as a boolean, a bare word as a string).
public struct PlotOption: Sendable {
    public var name: String
    public var range: SourceRange
    public var values: [Literal]
    public init(name: String, range: SourceRange, values: [Literal]) {
        self.name = name
        self.range = range
        self.values = values
    }

    /// The value shapes of the options, by canonical name.
    public enum Shape: Sendable {
        case string, strings, number, numberRange, size, onOff, word([String])
    }

    /// Every option the plot statement accepts, with the shape of its value.
    public static let shapes: [(name: String, shape: Shape)] = [
        ("title", .string), ("subtitle", .string), ("xlab", .string), ("ylab", .string), ("font", .string),
        ("labels", .strings), ("colors", .strings), ("xlim", .numberRange), ("break", .number), ("size", .size),
        ("bands", .onOff), ("risk table", .onOff), ("events table", .onOff), ("censor marks", .onOff),
        ("median lines", .onOff), ("pvalue", .onOff), ("legend", .word(["right", "bottom", "inside", "none"])),
    ]

    /// The words that start an option (`risk` starts `risk table`), with their spellings.
    public static let leadingWords: [String: String] = [
        "title": "title", "subtitle": "subtitle", "xlab": "xlab", "ylab": "ylab", "font": "font",
        "labels": "labels", "colors": "colors", "colours": "colors", "xlim": "xlim", "break": "break",
        "breaks": "break", "size": "size", "bands": "bands", "risk": "risk table", "events": "events table",
        "censor": "censor marks", "median": "median lines", "pvalue": "pvalue", "legend": "legend",
    ]
}
