import SurvQLSyntax

/// The catalog of checker diagnostics, one static member each, with stable ids.
enum CheckerMessages {
    static func unknownCohort(_ name: String, suggestion: String) -> (String, String) {
        ("check.unknownCohort", "unknown cohort '\(name)'\(suggestion)")
    }
    static func duplicateCohort(_ name: String) -> (String, String) {
        ("check.duplicateCohort", "the cohort '\(name)' is already defined")
    }
    static func unknownOption(_ name: String, suggestion: String) -> (String, String) {
        ("check.unknownOption", "unknown option '\(name)'\(suggestion)")
    }
    static func badOptionValue(_ name: String, _ expected: String) -> (String, String) {
        ("check.badOptionValue", "'\(name)' must be \(expected)")
    }
    static func badNumber(_ clause: String, _ expected: String) -> (String, String) {
        ("check.badNumber", "'\(clause)' must be \(expected)")
    }
    static func notAnAlteration(_ verb: String, orColumn: Bool = false) -> (String, String) {
        ("check.notAnAlteration", "'\(verb)' takes alterations (fusion, amp, gain, hetloss, homdel, mut)\(orColumn ? " or a column to group by" : ""), not a clinical condition")
    }
    static func badWord(_ clause: String, _ word: String, _ allowed: [String]) -> (String, String) {
        ("check.badWord", "unknown \(clause) '\(word)'" + Suggestions.didYouMean(word, in: allowed))
    }
    static let timeWithoutEvent = ("check.incompleteEndpoint", "'time' needs an 'event' column too")
    static let eventWithoutTime = ("check.incompleteEndpoint", "'event' needs a 'time' column too")
    static let endpointAndColumns = ("check.conflictingEndpoint", "give either 'endpoint NAME' or 'time COL event COL', not both")
    static let nothingToExport = ("check.nothingToExport", "'export last' needs a result before it, and there is none yet")
    static func unknownDemo(_ name: String) -> (String, String) {
        ("check.unknownDemo", "unknown demo data set '\(name)'" + Suggestions.didYouMean(name, in: LanguageFacts.demoNames))
    }
    static func noDefiningAlteration(_ cohort: String) -> (String, String) {
        ("check.noDefiningAlteration", "'by fusion' needs an alteration, and the cohort '\(cohort)' was not defined by one")
    }
    static func duplicateColumn(_ name: String) -> (String, String) {
        ("check.duplicateColumn", "the column '\(name)' is listed twice")
    }
    static func fileExtension(_ what: String, _ allowed: String) -> (String, String) {
        ("check.fileExtension", "\(what) file names should end in \(allowed)")
    }

    static let plotFormat = ("check.plotFormat", LanguageFacts.plotFormatText)
    static let withinOnlyForest = ("check.plotWithin", "'within' draws subgroups in a forest plot only")
    static let forestNeedsGroups = ("check.forestNeedsGroups", "a forest plot needs the groups of its Cox model: 'by GROUPING'")
    static let balanceTakesNoGroups = ("check.balanceGroups", "a balance plot takes no 'by': it shows the match's covariates")
}

/// Messages of the statistics beyond one hazard ratio (`check ph`, `test`, `rmst`, `power`).
extension CheckerMessages {
    static func missingPowerOption(_ name: String) -> (String, String) {
        ("check.missingOption", "'power' needs '\(name)'")
    }
    static let powerWhat = ("check.powerConflict", "give either 'events N' or 'patients N' (with 'probability P'), or neither to get the events needed for 'target'")
    static let powerPatientsNeedProbability = ("check.missingOption", "'patients' needs 'probability P', the chance that a patient has an event during the study")
    static let powerCohortConflict = ("check.powerConflict", "'power for COHORT' takes the allocation, events and patients from the cohort; leave out 'ratio', 'events', 'patients' and 'probability'")
    static let powerNeedsGrouping = ("check.missingOption", "'power for COHORT' needs 'by GROUPING' (the two groups)")
    static func duplicateOption(_ name: String) -> (String, String) { ("check.duplicateOption", "'\(name)' is given twice") }
    static let flemingNeedsParameters = ("check.badWord", "'fleming' needs its two exponents: fleming(RHO, GAMMA)")
    static func parametersNotTaken(_ test: String) -> (String, String) {
        ("check.badWord", "the '\(test)' test takes no parameters")
    }
}
