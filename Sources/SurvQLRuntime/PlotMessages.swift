import SurvQLSemantics

/// The catalog of `plot` diagnostics: one static member each, with a stable id.
enum PlotMessages {
    typealias M = RuntimeMessages.M

    static let format: M = ("run.plotFormat", LanguageFacts.plotFormatText)
    static func converterMissing(_ format: String) -> M {
        ("run.plotConverter", "cannot write a \(format.uppercased()) file: rsvg-convert is not installed")
    }
    static let converterHint = "install Debian's package librsvg2-bin (apt-get install librsvg2-bin), or write the plot as .svg"
    static func conversionFailed(_ format: String, _ why: String) -> M {
        ("run.plotConversion", "rsvg-convert could not convert the plot to \(format.uppercased()): \(why)")
    }
    static func notAMatch(_ cohort: String) -> M {
        ("run.plotNotAMatch", "'\(cohort)' was not made by 'match' in this session, so it has no balance to plot")
    }
    static let noBalance: M = ("run.plotNoBalance", "the match has no covariates, so there is no balance to plot")
    static let noModel: M = ("run.plotNoModel", "the Cox model could not be fitted, so there is no forest plot")
    static func labelCount(_ given: Int, _ needed: Int, _ what: String) -> M {
        ("run.plotLabels", "\(given) label\(given == 1 ? "" : "s") for \(needed) \(what)")
    }
    static func colorCount(_ given: Int, _ needed: Int) -> M {
        ("run.plotColors", "\(given) colour\(given == 1 ? "" : "s") for \(needed) groups")
    }
    static func tooManyTicks(_ n: Int) -> M {
        ("run.plotTicks", "this tick interval gives \(n) ticks; at most \(maxTicks) fit under a plot")
    }
    static let maxTicks = 25
    static func ignoredOption(_ option: String, _ kind: String) -> M {
        ("run.plotOptionIgnored", "'\(option)' does not apply to a \(kind) plot and is ignored")
    }
}
