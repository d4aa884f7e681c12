import Testing
import SurvQLSyntax

/// Parses `input` and compares the tree's dump and the parser's diagnostics.
private func check(_ input: String, _ expected: String, diagnostics: [String] = [],
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let file = SourceFile(name: "t", text: input)
    let (script, ds) = Parser.parse(file)
    #expect(script.dump() == expected, sourceLocation: sourceLocation)
    #expect(summaries(ds) == diagnostics, sourceLocation: sourceLocation)
}

@Suite struct ParserTests {
    @Test func loadForms() {
        check("load \"a/b\" as impact", "(load \"a/b\" as=impact)")
        check("load 'c.tsv' as rwd id patient_id", "(load \"c.tsv\" as=rwd id=patient_id)")
        check("LOAD demo ntrk AS rwd", "(load demo:ntrk as=rwd)")
        check("load \"s\" as s per sample", "(load \"s\" as=s per=sample)")
    }

    @Test func letAndConditions() {
        check("let x = y where age >= 65 and sex = \"Female\" or not stage in (\"I\", \"II\")",
              "(let x y (or (and (>= age 65) (= sex \"Female\")) (not (in stage \"I\" \"II\"))))")
        check("let x = y where pd_l1 is not missing and ecog is missing and a not in (1, -2)",
              "(let x y (and (not-missing pd_l1) (missing ecog) (not-in a 1 -2)))")
        check("let x = y where (a < 1 or b <> 2) and c == 3", "(let x y (and (or (< a 1) (!= b 2)) (= c 3)))")
        check("let x = y", "(let x y)")
    }

    @Test func alterations() {
        check("let a = s where fusion EML4::ALK or fusion ::RET or fusion ALK::- or fusion NTRK1::",
              "(let a s (or (fusion EML4::ALK) (fusion *::RET) (fusion ALK::-) (fusion NTRK1::*)))")
        check("let b = s where amp ERBB2 and not homdel CDKN2A and mut KRAS G12C and mut TP53",
              "(let b s (and (amp ERBB2) (not (homdel CDKN2A)) (mut KRAS G12C) (mut TP53)))")
        check("let c = s where fusion NTRK1|NTRK2|\"NKX2-1\"", "(let c s (fusion NTRK1|NTRK2|NKX2-1))")
        check("let d = s where fusion SET::NUP214", "(let d s (fusion SET::NUP214))")
    }

    @Test func matchAcrossLines() {
        check("""
        match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 10 exact cancer_type
              on age, smoking, practice_type caliper 0.2 seed 2022 as matched
        """, "(match rwd (fusion NTRK1|NTRK2|NTRK3) ratio=10 exact=[cancer_type] on=[age smoking practice_type] caliper=0.2 seed=2022 as=matched)")
        check("match r by fusion ALK on age,\n  sex as m with replacement", "(match r (fusion ALK) on=[age sex] replace as=m)")
    }

    @Test func surviveAndCompare() {
        check("survive m by fusion at 6, 12, 24", "(survive m by=fusion at=[6 12 24])")
        check("survive c by arm time time event status entry t0 every 6 rmean 24",
              "(survive c by=arm time=time event=status entry=t0 every=6 rmean=24)")
        check("compare rwd by fusion NTRK1|NTRK2 adjust age, ecog strata cancer_type",
              "(compare rwd by=(fusion NTRK1|NTRK2) strata=cancer_type adjust=[age ecog])")
        check("compare c by arm time t event d cluster match_id ties breslow reference \"A\"",
              "(compare c by=arm time=t event=d cluster=match_id reference=\"A\" ties=breslow)")
        check("compare c by age >= 65", "(compare c by=(>= age 65))")
    }

    @Test func otherStatements() {
        check("prevalence i of fusion ALK, fusion ROS1 by cancer_type method exact",
              "(prevalence i [(fusion ALK) (fusion ROS1)] by=cancer_type method=exact)")
        check("associate i fusion ALK|ROS1 with age, sex test fisher", "(associate i (fusion ALK|ROS1) with=[age sex] test=fisher)")
        check("describe i; plot survival m by fusion to \"km.svg\"", "(describe i)\n(plot m by=fusion to=\"km.svg\")")
        check("export last to \"r.json\"\nexport m to \"m.tsv\"", "(export last to=\"r.json\")\n(export m to=\"m.tsv\")")
        check("set confidence 0.90\nset conf_type log-log\nset ties efron", "(set confidence 0.90)\n(set conf_type log-log)\n(set ties efron)")
    }

    @Test func continuationRules() {
        // Trailing keyword or operator continues; a verb on the next line starts a statement.
        check("let x = y where\n  age > 3 and\n  sex = \"F\"", "(let x y (and (> age 3) (= sex \"F\")))")
        // A statement with an error keeps what it read (a partial tree, marked " !").
        check("survive x by\nsurvive y", "(survive x by=(error)) !\n(survive y)",
              diagnostics: ["1:13: expected a condition, found end of line"])
        // An unclosed parenthesis does not swallow the next statement.
        check("let x = y where (a > 1\ndescribe y", "(let x y (> a 1)) !\n(describe y)",
              diagnostics: ["1:23: expected ')' to close '('"])
        // A keyword used as a name, and a backtick name.
        check("survive c by `by` time `time` event event", "(survive c by=by time=time event=event)")
    }

    @Test func recoveryReportsEachStatement() {
        let input = "surive a\nload \"x\"\nlet = y\ncompare a by b strta c\nset x"
        let (script, ds) = Parser.parse(SourceFile(name: "t", text: input))
        #expect(script.statements.count == 5)
        #expect(summaries(ds) == [
            "1:1: unknown statement 'surive'; did you mean 'survive'?",
            "2:1: 'load' needs a name: 'as NAME'",
            "3:5: expected a cohort name after 'let', found '='",
            "4:16: unknown clause 'strta'; did you mean 'strata'?",
            "5:6: expected a value (a number or a quoted string), found end of input",
        ])
    }

    @Test func nestingIsCapped() {
        let deep = "let x = y where " + String(repeating: "(", count: 200) + "a > 1" + String(repeating: ")", count: 200)
        let (_, ds) = Parser.parse(SourceFile(name: "t", text: deep))
        #expect(ds.count == 1)
        #expect(ds.first?.id == "parse.tooDeep")
        let nots = "let x = y where " + String(repeating: "not ", count: 10_000) + "a"
        let (_, ds2) = Parser.parse(SourceFile(name: "t", text: nots))
        #expect(ds2.first?.id == "parse.tooDeep")
    }

    @Test func lexerErrors() {
        let (_, ds) = Parser.parse(SourceFile(name: "t", text: "let x = y where a = \"open\nlet z = y where b : 3\nlet w = y where c = 12mo"))
        #expect(ds.map(\.id) == ["lex.unterminatedString", "lex.unexpectedCharacter", "lex.badNumber"])
    }

    @Test func lineColumnAndFormatting() {
        let file = SourceFile(name: "q.survql", text: "load demo ntrk as r\nsurvive r by ecgo age\n")
        let (_, ds) = Parser.parse(file)
        #expect(ds.count == 1)
        let text = DiagnosticFormatter().format(ds[0])
        #expect(text.hasPrefix("q.survql:2:19: error: unexpected 'age' at the end of the statement\n"))
        #expect(text.contains("  2 | survive r by ecgo age\n    |                   ^~~\n"))
    }
}
