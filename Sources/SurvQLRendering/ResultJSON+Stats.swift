import SurvQLRuntime

/// JSON for the statistics beyond one hazard ratio: the extra keys of a comparison (present
/// only when asked for) and the `power` result. The README lists the fields.
extension ResultJSON {
    static func comparisonExtras(_ e: ComparisonExtras) -> [(String, JSONValue)] {
        var kv: [(String, JSONValue)] = []
        if let w = e.weight { kv.append(("weight", .string(w))) }
        if let ph = e.ph {
            func row(_ r: PHCheckResult.Row) -> JSONValue {
                .object([("term", .string(r.term)), ("chisq", .num(r.chisq)), ("df", .int(r.df)), ("p", .num(r.p))])
            }
            kv.append(("ph", .object([("transform", .string(ph.transform)), ("terms", .array(ph.terms.map(row))),
                                      ("global", row(ph.global)), ("violated", .bool(ph.violated))])))
        }
        if let t = e.test {
            kv.append(("test", .object([("name", .string(t.name)), ("rho", .num(t.rho)), ("gamma", .num(t.gamma)),
                                        ("chisq", .num(t.chisq)), ("df", .int(t.df)), ("p", .num(t.p)),
                                        ("observed", .array(t.observed.map { .num($0) })),
                                        ("expected", .array(t.expected.map { .num($0) }))])))
        }
        if let note = e.testNote { kv.append(("test_note", .string(note))) }
        if let r = e.rmst {
            kv.append(("rmst", .object([
                ("horizon", .num(r.horizon)),
                ("groups", .array(r.groups.map { .object([("label", .string($0.label)), ("rmst", .num($0.rmst)), ("se", .num($0.stdErr))]) })),
                ("contrasts", .array(r.contrasts.map { c in
                    .object([("label", .string(c.label)), ("difference", .num(c.difference)), ("difference_se", .num(c.differenceStdErr)),
                             ("difference_ci", pair(c.differenceLower, c.differenceUpper)), ("difference_p", .num(c.differenceP)),
                             ("ratio", .num(c.ratio)), ("ratio_ci", pair(c.ratioLower, c.ratioUpper)), ("ratio_p", .num(c.ratioP))])
                })),
            ])))
        }
        if let s = e.subgroups {
            kv.append(("subgroups", .object([
                ("within", .string(s.column)),
                ("rows", .array(s.rows.map { r in
                    .object([("level", .string(r.level)), ("n", .int(r.n)), ("events", .array(r.events.map { .num($0) })),
                             ("terms", .array(r.terms.map { t in
                                 .object([("term", .string(t.term)), ("hr", .num(t.hr)), ("hr_ci", pair(t.hrLower, t.hrUpper)),
                                          ("coef", .num(t.coef)), ("se", .num(t.se)), ("p", .num(t.p))])
                             })),
                             ("skipped", .str(r.skipped))])
                })),
                ("interaction", test(s.interaction)),
                ("interaction_note", .str(s.interactionNote)),
            ])))
        }
        return kv
    }

    static func power(_ p: PowerResult) -> [(String, JSONValue)] {
        [
            ("method", .string(p.method)), ("hr", .num(p.hazardRatio)), ("alpha", .num(p.alpha)), ("ratio", .num(p.ratio)),
            ("events", .num(p.events)), ("patients", .num(p.patients)), ("probability", .num(p.probability)),
            ("power", .num(p.power)), ("target", .num(p.target)),
            ("events_needed", .num(p.eventsNeeded)), ("patients_needed", .num(p.patientsNeeded)),
            ("cohort", .str(p.cohort)),
            ("groups", .array(p.groups.map { .object([("label", .string($0.label)), ("n", .int($0.n)), ("events", .num($0.events))]) })),
        ]
    }
}
