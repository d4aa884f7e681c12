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
    /// `within COL` (forest plots): one row per level of COL, as `compare ... within COL`.
    public var within: Name?
    /// The range of the contextual word `overwrite` after the file name.
    public var overwrite: SourceRange?
    /// The figure options in the order written.
    public var options: [PlotOption] = []
    public init() {}

    /// The option with this name, if written.
    public func option(_ name: String) -> PlotOption? { options.first { $0.name == name } }
}
