import Testing
import SurvQLSyntax

private func check(_ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let (script, ds) = Parser.parse(SourceFile(name: "t", text: input))
    #expect(script.dump() == expected, sourceLocation: sourceLocation)
    #expect(summaries(ds) == [], sourceLocation: sourceLocation)
}

/// The plot rule: kinds, model clauses and figure options (contextual words).
@Suite struct PlotParserTests {
    @Test func kinds() {
        check("plot survival m by fusion to \"km.svg\"", "(plot m by=fusion to=\"km.svg\")")
        check("plot incidence m to \"c.svg\"", "(plot m kind=incidence to=\"c.svg\")")
        check("plot forest m by fusion adjust age, ecog strata site cluster match_id to \"f.svg\"",
              "(plot m kind=forest by=fusion adjust=[age ecog] strata=site cluster=match_id to=\"f.svg\")")
        check("plot balance matched to \"b.pdf\"", "(plot matched kind=balance to=\"b.pdf\")")
        // A cohort may be called like a kind: a kind word is a kind only before a name.
        check("plot forest to \"f.svg\"", "(plot forest to=\"f.svg\")")
    }

    @Test func options() {
        check("plot m by sex to \"k.png\" title \"OS\" labels (\"F\", \"M\") colours (\"#000\", \"red\") xlim (0, 60) break 12",
              "(plot m by=sex to=\"k.png\" title=\"OS\" labels=\"F\",\"M\" colors=\"#000\",\"red\" xlim=0,60 break=12)")
        check("plot m to \"k.svg\" size 7 x 5 in bands off risk table on events on legend Bottom",
              "(plot m to=\"k.svg\" size=7,5,in bands=off risk_table=on events_table=on legend=Bottom)")
        // Options may go on the next lines; elsewhere such a word starts no continuation.
        check("plot m to \"k.svg\"\n  title \"OS\"\n  bands off\nsurvive m", "(plot m to=\"k.svg\" title=\"OS\" bands=off)\n(survive m)")
    }
}
