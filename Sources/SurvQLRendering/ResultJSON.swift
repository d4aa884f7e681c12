import SurvQLRuntime
import SurvQLSyntax

/// Turns results into JSON objects, one per result (the README documents the schema).
/// Contract keys (checked by tests and used by outside checks): every result has `statement`,
/// `line`, `kind`; see the README for the per-kind keys.
public enum ResultJSON {
    public static func object(_ r: StatementResult) -> JSONValue {
        var kv: [(String, JSONValue)] = [("statement", .int(r.statement)), ("line", .int(r.line)), ("kind", .string(r.kind))]
        switch r.value {
        case let .survival(s): kv += survival(s)
        case let .comparison(c): kv += comparison(c)
        case let .describe(d): kv += describe(d)
        case let .match(m): kv += match(m)
        case let .prevalence(p): kv += prevalence(p)
        case let .association(a): kv += association(a)
        case let .message(m):
            kv.append(("verb", .string(m.verb)))
            kv.append(("message", .string(m.text)))
            for (k, v) in m.facts { kv.append((k, .string(v))) }
        case let .power(p): kv += power(p)
        }
        if !r.warnings.isEmpty {
            kv.append(("warnings", .array(r.warnings.map { .string($0.message) })))
        }
        return .object(kv)
    }

    /// `kind: "error"` with the diagnostic's id, severity, message and position.
    public static func error(_ d: Diagnostic, statement: Int?) -> JSONValue {
        let (file, line, column) = d.location.fileLineColumn ?? ("", 0, 0)
        var diag: [(String, JSONValue)] = [
            ("id", .string(d.id)), ("severity", .string(d.severity.rawValue)), ("message", .string(d.message)),
            ("file", .string(file)), ("line", .int(line)), ("column", .int(column)),
        ]
        if let h = d.hint { diag.append(("hint", .string(h))) }
        if !d.notes.isEmpty {
            diag.append(("notes", .array(d.notes.map { n in
                let (f, l, c) = n.location.fileLineColumn ?? ("", 0, 0)
                return .object([("message", .string(n.message)), ("file", .string(f)), ("line", .int(l)), ("column", .int(c))])
            })))
        }
        return .object([
            ("statement", statement.map { .int($0) } ?? .null),
            ("line", .int(line)),
            ("kind", .string("error")),
            ("diagnostic", .object(diag)),
        ])
    }

    static func endpoint(_ e: EndpointDescription) -> JSONValue {
        .object([("name", .str(e.name)), ("time", .string(e.time)), ("event", .string(e.event)),
                 ("entry", .str(e.entry)), ("unit", .str(e.unit))])
    }

    static func pair(_ a: Double?, _ b: Double?) -> JSONValue { .array([.num(a), .num(b)]) }

    static func test(_ t: TestStatistic?) -> JSONValue {
        guard let t else { return .null }
        return .object([("chisq", .num(t.chisq)), ("df", .num(t.df)), ("p", .num(t.p))])
    }

    static func survival(_ s: SurvivalResult) -> [(String, JSONValue)] {
        [
            ("cohort", .string(s.cohort)),
            ("endpoint", endpoint(s.endpoint)),
            ("confidence", .num(s.confidence)),
            ("conf_type", .string(s.confType)),
            ("by", .str(s.grouping)),
            ("dropped", .int(s.dropped)),
            ("weight", .str(s.weight)),
            ("follow_up", s.followUp.map { f in .object([("median", .num(f.median)), ("ci", pair(f.lower, f.upper))]) } ?? .null),
            ("groups", .array(s.groups.map { g in
                var kv: [(String, JSONValue)] = [
                    ("label", .string(g.label)), ("n", .int(g.n)), ("events", .num(g.events)),
                    ("median", .num(g.median)), ("median_ci", pair(g.medianLower, g.medianUpper)),
                    ("at", .array(g.at.map { a in
                        .object([("time", .num(a.time)), ("survival", .num(a.survival)), ("lower", .num(a.lower)),
                                 ("upper", .num(a.upper)), ("std_err", .num(a.stdErr)), ("at_risk", .num(a.atRisk))])
                    })),
                    ("at_risk", .array(zip(s.riskTimes, g.atRisk).map { .object([("time", .num($0.0)), ("n_risk", .num($0.1))]) })),
                ]
                if let r = g.rmean {
                    kv.append(("rmean", .object([("horizon", .num(r.horizon)), ("value", .num(r.value)), ("std_err", .num(r.stdErr))])))
                }
                kv.append(("curve", .array(g.curve.map { p in
                    .object([("time", .num(p.time)), ("n_risk", .num(p.nRisk)), ("n_event", .num(p.nEvent)),
                             ("n_censor", .num(p.nCensor)), ("survival", .num(p.survival)), ("lower", .num(p.lower)),
                             ("upper", .num(p.upper)), ("std_err", .num(p.stdErr))])
                })))
                return .object(kv)
            })),
        ]
    }

    static func comparison(_ c: ComparisonResult) -> [(String, JSONValue)] {
        var kv: [(String, JSONValue)] = [
            ("cohort", .string(c.cohort)),
            ("endpoint", endpoint(c.endpoint)),
            ("confidence", .num(c.confidence)),
            ("by", .string(c.grouping)),
            ("reference", .string(c.reference)),
            ("strata", .str(c.strata)),
            ("dropped", .int(c.dropped)),
            ("groups", .array(c.groups.map { g in
                .object([("label", .string(g.label)), ("n", .int(g.n)), ("events", .num(g.events)),
                         ("observed", .num(g.observed)), ("expected", .num(g.expected)),
                         ("median", .num(g.median)), ("median_ci", pair(g.medianLower, g.medianUpper))])
            })),
            ("logrank", test(c.logrank)),
        ]
        if let note = c.logrankNote { kv.append(("logrank_note", .string(note))) }
        if let cox = c.cox {
            kv.append(("cox", .object([
                ("ties", .string(cox.ties)), ("n", .int(cox.n)), ("events", .num(cox.events)),
                ("robust", .bool(cox.robust)), ("cluster", .str(cox.cluster)),
                ("converged", .bool(cox.converged)), ("iterations", .int(cox.iterations)),
                ("terms", .array(cox.terms.map { t in
                    .object([("term", .string(t.term)), ("coef", .num(t.coef)), ("hr", .num(t.hr)),
                             ("hr_ci", pair(t.hrLower, t.hrUpper)), ("se", .num(t.se)), ("naive_se", .num(t.naiveSE)),
                             ("z", .num(t.z)), ("p", .num(t.p))])
                })),
                ("lr", test(cox.lr)), ("wald", test(cox.wald)), ("score", test(cox.score)),
                ("robust_score", test(cox.robustScore)),
                ("concordance", .num(cox.concordance)), ("concordance_se", .num(cox.concordanceStdErr)),
                ("warnings", .array(cox.warnings.map { .string($0) })),
                ("term_tests", .array(cox.termTests.map { .object([("term", .string($0.term)), ("chisq", .num($0.chisq)), ("df", .int($0.df)), ("p", .num($0.p))]) })),
            ])))
        } else {
            kv.append(("cox", .null))
        }
        kv += comparisonExtras(c.extras)
        return kv
    }

    static func describe(_ d: DescribeResult) -> [(String, JSONValue)] {
        var kv: [(String, JSONValue)] = [
            ("cohort", .string(d.cohort)), ("source", .string(d.source)),
            ("patients", .int(d.patients)), ("samples", d.samples.map { .int($0) } ?? .null),
            ("columns", .array(d.columns.map { c in
                var o: [(String, JSONValue)] = [("name", .string(c.name)), ("type", .string(c.type)), ("missing", .int(c.missing))]
                if let n = c.numeric {
                    o.append(("summary", .object([("min", .num(n.min)), ("q1", .num(n.q1)), ("median", .num(n.median)),
                                                  ("q3", .num(n.q3)), ("max", .num(n.max)), ("mean", .num(n.mean))])))
                }
                if let dc = c.distinct { o.append(("distinct", .int(dc))) }
                if !c.topLevels.isEmpty {
                    o.append(("top", .array(c.topLevels.map { .object([("value", .string($0.0)), ("count", .int($0.1))]) })))
                }
                return .object(o)
            })),
            ("endpoints", .array(d.endpoints.map { e in
                .object([("name", .string(e.name)), ("time", .string(e.time)), ("event", .string(e.event)),
                         ("usable", .int(e.usable)), ("events", .int(e.events))])
            })),
        ]
        if let a = d.alterations {
            kv.append(("alterations", .object([
                ("sv_profiled_samples", a.svProfiledSamples.map { .int($0) } ?? .null),
                ("sv_profiled_patients", a.svProfiledPatients.map { .int($0) } ?? .null),
                ("fusion_records", .int(a.fusionRecords)),
                ("fusion_positive_patients", .int(a.fusionPositivePatients)),
                ("fusion_genes", .array(a.fusionGenes.map { .object([("gene", .string($0.0)), ("patients", .int($0.1))]) })),
                ("cna_profiled_samples", a.cnaProfiledSamples.map { .int($0) } ?? .null),
                ("cna_genes", .int(a.cnaGenes)),
                ("mutation_profiled_samples", a.mutationProfiledSamples.map { .int($0) } ?? .null),
                ("mutation_records", .int(a.mutationRecords)),
                ("fusion_partners", .array(a.partnerTables.map { table in
                    .object([("gene", .string(table.gene)), ("partners", .array(table.partners.map { r in
                        .object([("partner", .str(r.partner)), ("intergenic", .bool(r.partner == nil)), ("patients", .int(r.patients)),
                                 ("events", .int(r.events)), ("gene_upstream", .int(r.geneUpstream)),
                                 ("gene_downstream", .int(r.geneDownstream)),
                                 ("orientation_unknown", .int(r.orientationUnknown)), ("in_frame", .int(r.inFrame)),
                                 ("recurrent", .bool(r.recurrent))])
                    }))])
                })),
            ])))
        } else {
            kv.append(("alterations", .null))
        }
        return kv
    }

    static func match(_ m: MatchResult) -> [(String, JSONValue)] {
        [
            ("cohort", .string(m.cohort)), ("name", .string(m.name)), ("treatment", .string(m.treatment)),
            ("treated", .int(m.treated)), ("controls", .int(m.controls)),
            ("matched_treated", .int(m.matchedTreated)), ("matched_controls", .int(m.matchedControls)),
            ("ratio", .int(m.ratio)), ("caliper", .num(m.caliper)), ("caliper_width", .num(m.caliperWidth)),
            ("exact", .array(m.exact.map { .string($0) })), ("covariates", .array(m.covariates.map { .string($0) })),
            ("unmatched", .array(m.unmatched.map { .object([("reason", .string($0.reason)), ("count", .int($0.count))]) })),
            ("notes", .array(m.notes.map { .string($0) })),
            ("sets", .array(m.sets.map { .object([("treated", .string($0.treated)), ("controls", .array($0.controls.map { .string($0) }))]) })),
            ("balance", .array(m.balance.map { b in
                .object([("covariate", .string(b.covariate)), ("mean_treated", .num(b.meanTreated)),
                         ("mean_control_before", .num(b.meanControlBefore)), ("mean_control_after", .num(b.meanControlAfter)),
                         ("smd_before", .num(b.smdBefore)), ("smd_after", .num(b.smdAfter)),
                         ("variance_ratio_after", .num(b.varianceRatioAfter))])
            })),
        ]
    }

    static func prevalence(_ p: PrevalenceResult) -> [(String, JSONValue)] {
        [
            ("cohort", .string(p.cohort)), ("method", .string(p.method)), ("confidence", .num(p.confidence)), ("by", .str(p.by)),
            ("rows", .array(p.rows.map { r in
                .object([("alteration", .string(r.alteration)), ("group", .str(r.group)), ("n", .int(r.n)),
                         ("positive", .int(r.positive)), ("not_profiled", .int(r.notProfiled)),
                         ("proportion", .num(r.proportion)), ("ci", pair(r.lower, r.upper))])
            })),
        ]
    }

    static func association(_ a: AssociationResult) -> [(String, JSONValue)] {
        [
            ("cohort", .string(a.cohort)), ("alteration", .string(a.alteration)),
            ("group_sizes", .array(zip(a.groupLabels, a.groupSizes).map { .object([("label", .string($0.0)), ("n", .int($0.1))]) })),
            ("not_profiled", .int(a.notProfiled)), ("missing_group", .int(a.missingGroup)),
            ("rows", .array(a.rows.map { r in
                .object([("variable", .string(r.variable)), ("test", .string(r.test)), ("statistic", .num(r.statistic)),
                         ("df", r.df.map { .int($0) } ?? .null),
                         ("p", .num(r.p)), ("q", .num(r.q)), ("odds_ratio", .num(r.oddsRatio)),
                         ("odds_ratio_ci", pair(r.oddsRatioLower, r.oddsRatioUpper)), ("odds_ratio_contrast", .str(r.oddsRatioContrast)),
                         ("groups", .array(r.groups.map { .object([("label", .string($0.0)), ("summary", .string($0.1))]) })),
                         ("levels", .array(r.levels.map { .string($0) })),
                         ("counts", .array(r.counts.map { .array($0.map { .int($0) }) })),
                         ("missing", .int(r.missing)), ("note", .str(r.note))])
            })),
        ]
    }
}
