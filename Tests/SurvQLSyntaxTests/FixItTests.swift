import Testing
import SurvQLSyntax

/// The fix-its of the R and SQL habit diagnostics: applying them gives a statement that parses.
@Suite struct FixItTests {
    static func applyingFixIts(_ text: String) -> (String, [Diagnostic]) {
        let file = SourceFile(name: "t", text: text)
        let ds = Parser.parse(file).diagnostics
        var bytes = Array(text.utf8)
        // Apply from the end so earlier offsets stay valid.
        for fix in ds.flatMap(\.fixIts).sorted(by: { $0.range.start > $1.range.start }) {
            bytes.replaceSubrange(fix.range.start..<fix.range.end, with: Array(fix.replacement.utf8))
        }
        return (String(decoding: bytes, as: UTF8.self), ds)
    }

    @Test(arguments: [
        ("survival rwd by sex", "survive rwd by sex"),
        ("load /data/x as t", "load \"/data/x\" as t"),
        ("load cohort.tsv as t id pid", "load \"cohort.tsv\" as t id pid"),
        ("let a = r where fusion EML4-ALK", "let a = r where fusion EML4::ALK"),
        ("let a = r where fusion EML4-ALK|ROS1 or age > 3", "let a = r where fusion EML4::ALK|ROS1 or age > 3"),
        ("compare r by sex + age + ecog", "compare r by sex adjust age, ecog"),
        ("let b = r where age > 3 && sex = \"F\"", "let b = r where age > 3 and sex = \"F\""),
        ("let b = r where age > 3&&sex = \"F\"", "let b = r where age > 3 and sex = \"F\""),
        ("let c = r where age > 3 || sex = \"F\"", "let c = r where age > 3 or sex = \"F\""),
        ("let d = r where cancer_type = Non Small Cell", "let d = r where cancer_type = \"Non Small Cell\""),
        ("let d = r where t in (Stage IV, \"III\")", "let d = r where t in (\"Stage IV\", \"III\")"),
    ])
    func fixItRepairs(_ pair: (String, String)) {
        let (fixed, ds) = Self.applyingFixIts(pair.0)
        #expect(ds.count == 1, "\(pair.0): \(summaries(ds))")
        #expect(fixed == pair.1)
        #expect(Parser.parse(SourceFile(name: "f", text: fixed)).diagnostics.isEmpty, "\(fixed)")
    }

    @Test func recoveredStatementsKeepTheirParts() {
        let (script, _) = Parser.parse(SourceFile(name: "t", text: "load /data/x as t\ncompare r by sex + age\nlet a = r where fusion EML4-ALK"))
        #expect(script.dump() == "(load \"/data/x\" as=t) !\n(compare r by=sex adjust=[age]) !\n(let a r (fusion EML4::ALK)) !")
        #expect(script.statements.allSatisfy { $0.hasError })
    }

    @Test func bareWordSetValues() {
        for (text, dump) in [("set match_rule matchit-4.5.1", "(set match_rule matchit-4.5.1)"),
                             ("set match_rule nearest", "(set match_rule nearest)"),
                             ("set conf_type log-log", "(set conf_type log-log)"),
                             ("set x a.b-2", "(set x a.b-2)")] {
            let (script, ds) = Parser.parse(SourceFile(name: "t", text: text))
            #expect(ds.isEmpty, "\(text)")
            #expect(script.dump() == dump)
        }
        // Spaced out, the parts are not one value.
        #expect(!Parser.parse(SourceFile(name: "t", text: "set match_rule matchit - 4.5.1")).diagnostics.isEmpty)
    }
}
