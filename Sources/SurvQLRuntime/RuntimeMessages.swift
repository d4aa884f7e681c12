import SurvQLSyntax

/// The catalog of run-time diagnostics: one static member each, with a stable id.
enum RuntimeMessages {
    typealias M = (id: String, text: String)
    static let cancelled: M = ("run.cancelled", "cancelled; this statement changed nothing")

    static func unknownColumn(_ name: String, cohort: String, suggestion: String) -> M {
        ("run.unknownColumn", "unknown column '\(name)' in \(cohort)\(suggestion)")
    }
    static func unknownCohort(_ name: String) -> M { ("run.unknownCohort", "unknown cohort '\(name)'") }
    static func typeMismatch(_ column: String, _ type: String, _ expected: String) -> M {
        ("run.typeMismatch", "the column '\(column)' holds \(type); \(expected)")
    }
    static func geneAsColumn(_ word: String, cohort: String) -> M {
        ("run.unknownColumn", "'\(cohort)' has no column '\(word)'; did you mean 'fusion \(word)'?")
    }
    static func notBoolean(_ column: String, _ type: String) -> M {
        ("run.notBoolean", "the column '\(column)' holds \(type), not true/false values")
    }
    static func noSuchValue(_ column: String, _ value: String, _ levels: String) -> M {
        ("run.noSuchValue", "no row has \(column) = \(value); its values are \(levels)")
    }
    static func emptyCohort(_ name: String) -> M { ("run.emptyCohort", "the cohort '\(name)' has no patients") }
    static func emptyGroup(_ label: String) -> M { ("run.emptyGroup", "the group '\(label)' has no patients with a usable survival time") }
    static func oneGroup(_ label: String) -> M { ("run.oneGroup", "only one group ('\(label)') has patients; a comparison needs two or more") }
    static func tooManyGroups(_ column: String, _ n: Int) -> M {
        ("run.tooManyGroups", "the column '\(column)' has \(n) distinct values, too many to group by")
    }
    static func tooManyRows(_ column: String, _ n: Int) -> M {
        ("run.tooManyRows", "the column '\(column)' has \(n) rows, more than its 32-bit codes can number (at most \(Int32.max))")
    }
    static func noEndpoint(_ cohort: String) -> M { ("run.noEndpoint", "the cohort '\(cohort)' has no survival endpoint") }
    static func unknownEndpoint(_ name: String, _ available: String) -> M {
        ("run.unknownEndpoint", "no endpoint named '\(name)'; \(available)")
    }
    static func noDefiningCondition(_ cohort: String) -> M {
        ("run.noDefiningCondition", "'by fusion' needs the alteration that defined '\(cohort)', and it has none")
    }
    static func badTimes(_ column: String, _ detail: String) -> M { ("run.badTime", "the time column '\(column)' \(detail)") }
    static func badEvents(_ column: String, _ detail: String) -> M { ("run.badEvent", "the event column '\(column)' \(detail)") }
    static func coxFailed(_ detail: String) -> M { ("run.coxFailed", "the Cox model could not be fitted: \(detail)") }
    static func noEvents(_ cohort: String) -> M { ("run.noEvents", "no events in \(cohort): nothing to estimate") }
    static func cannotWrite(_ path: String, _ why: String) -> M { ("run.cannotWrite", "cannot write '\(path)': \(why)") }
    static func wouldOverwriteInput(_ path: String, _ input: String) -> M {
        ("run.overwritesInput", input == path ? "refusing to write '\(path)': it was loaded in this session"
            : "refusing to write '\(path)': it is (or lies inside) '\(input)', which was loaded in this session")
    }
    static func fileExists(_ path: String) -> M { ("run.fileExists", "'\(path)' already exists") }
    static func unsupportedFormat(_ path: String, _ formats: String) -> M {
        ("run.exportFormat", "cannot tell what to write to '\(path)' from its extension; export writes \(formats)")
    }
    static let nothingToExport: M = ("run.nothingToExport", "there is no result to export yet")
    static func notYet(_ verb: String) -> M { ("run.notImplemented", "'\(verb)' is not available in this version of SurvQL") }
    static func duplicateAdjust(_ name: String) -> M { ("run.badCovariate", "'\(name)' cannot be both the grouping and an adjustment covariate") }
    static let tooManyErrors: M = ("run.tooManyErrors", "too many errors, stopping after the first \(DiagnosticLimiter.maxErrors)")
    static func warningsNotShown(_ n: Int, _ shown: Int) -> M {
        ("run.warningsNotShown", "\(n) more warning\(n == 1 ? " was" : "s were") not shown (at most \(shown) per run)")
    }
    static func noAlterationData(_ cohort: String, _ what: String, _ source: String) -> M {
        ("run.noAlterationData", "the cohort '\(cohort)' has no \(what) data (\(source)), so nobody in it is profiled for this alteration")
    }
    static func constantCovariate(_ name: String) -> M { ("run.constantCovariate", "the covariate '\(name)' has the same value for every patient") }
}

extension Diagnostic {
    /// A run-time diagnostic on a range of the statement's source.
    static func run(_ m: RuntimeMessages.M, _ file: SourceFile, _ range: SourceRange, severity: Severity = .error,
                    hint: String? = nil, notes: [DiagnosticNote] = []) -> Diagnostic {
        Diagnostic(m.id, severity, m.text, file: file, range: range, hint: hint, notes: notes)
    }
}

/// Messages of the statistics beyond one hazard ratio (weights, `rmst`, `within`, `power`).
extension RuntimeMessages {
    static func badWeight(_ column: String, _ value: Double, row: String) -> M {
        ("run.badWeight", "the weight column '\(column)' has the value \(value) for \(row); case weights must be zero or more and finite")
    }
    static func weightNotNumeric(_ column: String) -> M {
        ("run.badWeight", "the weight column '\(column)' holds text; case weights must be numbers")
    }
    static func defaultWeight(_ column: String, _ cohort: String) -> M {
        ("run.defaultWeight", "using the column '\(column)' of \(cohort) as case weights (matching with replacement); name another with 'weight COL'")
    }
    static func rmstBeyondFollowUp(_ tau: String, _ group: String, _ last: String) -> M {
        ("run.rmstBeyondFollowUp", "rmst \(tau) is beyond the last follow-up of the group '\(group)' (\(last)); the area under its curve is not known that far")
    }
    static let rmstWithWeights: M = ("run.rmstWeights", "'rmst' does not take case weights (the Uno et al. variance is for unweighted curves)")
    static let powerNeedsTwoGroups: M = ("run.powerGroups", "'power for COHORT by GROUPING' needs exactly two groups")
    static let powerNoEvents: M = ("run.powerNoEvents", "the cohort has no events, so its event proportion cannot stand in for a study's")
}
