import SurvQLSyntax

/// Checks of the statistics beyond one hazard ratio: the extra `compare` clauses and `power`.
extension Checker {
    mutating func checkCompareExtras(_ e: CompareExtras) {
        if let c = e.check, c.text.lowercased() != "ph" {
            error(CheckerMessages.badWord("check", c.text, LanguageFacts.compareChecks), c.range,
                  hint: "'check ph' tests proportional hazards (R's cox.zph)")
        }
        if let t = e.test {
            let name = t.name.text.lowercased()
            if !LanguageFacts.weightedTests.contains(name) {
                error(CheckerMessages.badWord("test", t.name.text, LanguageFacts.weightedTests), t.name.range,
                      hint: "test logrank, test peto or test fleming(RHO, GAMMA)")
            } else if name == "fleming" {
                if t.rho == nil { error(CheckerMessages.flemingNeedsParameters, t.range, hint: "for example: test fleming(0, 1) weighs late differences") }
                for (label, v) in [("RHO", t.rho), ("GAMMA", t.gamma)] {
                    if let v, let x = v.number, !(x >= 0 && x <= 10) {
                        error(CheckerMessages.badNumber("fleming \(label)", "a number from 0 to 10"), v.range)
                    }
                }
            } else if t.rho != nil {
                error(CheckerMessages.parametersNotTaken(name), t.range)
            }
        }
        if let r = e.rmst, let x = r.number, !(x > 0 && x.isFinite) {
            error(CheckerMessages.badNumber("rmst", "a positive time horizon"), r.range)
        }
    }

    mutating func checkPower(_ p: PowerStatement) {
        if let c = p.cohort {
            use(c)
            checkGrouping(p.grouping, cohort: c)
            checkEndpoint(p.endpoint)
            if p.grouping == nil { error(CheckerMessages.powerNeedsGrouping, c.range, hint: "for example: power for matched by fusion hr 1.6") }
        }
        var seen = Set<String>()
        for o in p.options {
            let name = o.name.text.lowercased()
            guard let spec = LanguageFacts.powerOptions.first(where: { $0.name == name }) else {
                let all = LanguageFacts.powerOptions.map(\.name)
                let suggestion = Suggestions.closest(to: o.name.text, in: all, limit: 1).first
                error(CheckerMessages.unknownOption(o.name.text, suggestion: suggestion.map { "; did you mean '\($0)'?" } ?? ""), o.name.range,
                      hint: "power options: " + all.joined(separator: ", "),
                      fixIts: suggestion.map { [FixIt(message: "replace with '\($0)'", range: o.name.range, replacement: $0)] } ?? [])
                continue
            }
            if !seen.insert(name).inserted { error(CheckerMessages.duplicateOption(name), o.name.range) }
            if let words = spec.allowedWords {
                let w = o.value.string?.lowercased() ?? o.value.spelling
                if !words.contains(w) { error(CheckerMessages.badOptionValue(name, "one of " + words.joined(separator: ", ")), o.value.range) }
                continue
            }
            guard let x = o.value.number else {
                error(CheckerMessages.badOptionValue(name, spec.summary), o.value.range)
                continue
            }
            if !spec.accepts(x) { error(CheckerMessages.badOptionValue(name, spec.summary), o.value.range) }
        }
        let whole = p.options.first.map { $0.name.range.union(p.options.last!.value.range) } ?? p.cohort?.range ?? SourceRange.at(0)
        if p.option("hr") == nil { error(CheckerMessages.missingPowerOption("hr"), whole, hint: "for example: power hr 1.6 ratio 10 events 60") }
        if p.cohort != nil {
            if ["ratio", "events", "patients", "probability"].contains(where: { p.option($0) != nil }) {
                error(CheckerMessages.powerCohortConflict, whole)
            }
        } else {
            if p.option("events") != nil && p.option("patients") != nil { error(CheckerMessages.powerWhat, whole) }
            if p.option("patients") != nil && p.option("probability") == nil {
                error(CheckerMessages.powerPatientsNeedProbability, p.option("patients")!.name.range, hint: "for example: patients 308 probability 0.7")
            }
        }
    }
}
