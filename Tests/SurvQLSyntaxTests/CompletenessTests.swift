import Testing
import SurvQLSyntax

/// `Completeness.isComplete`: the REPL's "is this entry finished?".
@Suite struct CompletenessTests {
    @Test(arguments: [
        "", "   \n", "-- only a comment", "describe r", "describe r;", "survive r by sex -- note",
        "let x = y where a > 1", "let x = y where (a > 1)", "match r by fusion ALK ratio 1 on age as m",
        "survive r by fusion", "describe r r",  // finished, if wrong: running it reports the mistake
        "set conf_type log-log", "load \"a (b.tsv\" as t", "let x = y where a = \"(\"",
        "let x = y where a is missing", "export last to \"x.json\"\n",
    ])
    func complete(_ text: String) {
        #expect(Completeness.isComplete(text), "\(text)")
    }

    @Test(arguments: [
        "let x = y where (a > 1", "let x = y where a in (\"A\",", "survive r by", "survive r by ",
        "match r by fusion ALK on age,", "let x = y where a >", "let x = y where a = 1 and",
        "let x = y where a = 1 or\n", "let x =", "load \"data/x", "let x = y where a = 'op",
        "survive r \\", "describe r \\  ", "let x = y where fusion EML4::", "let x = y where fusion ALK|",
        "compare r by sex adjust", "let x = y where `od", "describe r; survive r by",
        "let x = y where (a > 1 -- comment", "match r by fusion ALK ratio",
    ])
    func incomplete(_ text: String) {
        #expect(!Completeness.isComplete(text), "\(text)")
    }
}
