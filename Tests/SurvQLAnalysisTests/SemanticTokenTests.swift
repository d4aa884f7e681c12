import SurvQLAnalysis
import SurvQLSyntax
import Testing

/// Semantic tokens: every token and comment, classified.
@Suite struct SemanticTokenTests {
    func tokens(_ text: String) -> [String] {
        let f = Fixture(text)
        return AnalysisHost(schemas: testSchemas).semanticTokens(f.file).map { "\(f.text($0.range)):\($0.kind.rawValue)\($0.isDefinition ? "*" : "")" }
    }

    @Test func everyTokenClassified() {
        #expect(tokens("load demo ntrk as rwd -- the cohort\nlet pos = rwd where fusion NTRK1|ALK and age >= 65.5\nsurvive pos by sex at 12")
                == ["load:verb", "demo:keyword", "ntrk:keyword", "as:keyword", "rwd:cohort*", "-- the cohort:comment",
                    "let:verb", "pos:cohort*", "=:operator", "rwd:cohort", "where:keyword", "fusion:keyword", "NTRK1:gene", "|:operator",
                    "ALK:gene", "and:keyword", "age:column", ">=:operator", "65.5:number",
                    "survive:verb", "pos:cohort", "by:keyword", "sex:column", "at:keyword", "12:number"])
    }

    @Test func brokenStatementsStillClassified() {
        #expect(tokens("load \"x.tsv\" as r\nsurvive r by\nmatch r by mut KRAS G12C ratio")
                == ["load:verb", "\"x.tsv\":string", "as:keyword", "r:cohort*", "survive:verb", "r:cohort", "by:keyword",
                    "match:verb", "r:cohort", "by:keyword", "mut:keyword", "KRAS:gene", "G12C:string", "ratio:keyword"])
    }

    @Test func keywordUsedAsName() {
        #expect(tokens("load demo ntrk as time\ndescribe time") == ["load:verb", "demo:keyword", "ntrk:keyword", "as:keyword", "time:cohort*", "describe:verb", "time:cohort"])
    }
}
