import SurvQLAnalysis
import SurvQLSyntax
import Testing

/// Definitions, references and symbols: cursor cases over cohort names.
@Suite struct SymbolTests {
    let source = """
    load demo ntrk as rwd
    let older = rwd where age >= 65
    match older by fusion NTRK1 ratio 2 on age as m
    survive m by fusion
    compare rwd by sex
    """

    func at(_ marker: String) -> Fixture {
        Fixture(source.replacingOccurrences(of: marker, with: marker.replacingOccurrences(of: "|", with: "$0")))
    }

    @Test func definitionOfAUse() {
        let f = Fixture("load demo ntrk as rwd\nlet older = r$0wd where age >= 65\nsurvive older")
        let h = AnalysisHost(schemas: testSchemas)
        let d = h.definition(f.file, at: f.offset)
        #expect(d.map(f.text) == "rwd")
        #expect(d?.start == 18)
    }

    @Test func definitionAtTheDefinitionAndAtTheEndOfAName() {
        let f = Fixture("load demo ntrk as rwd$0\ndescribe rwd")
        #expect(AnalysisHost().definition(f.file, at: f.offset) == SourceRange(start: 18, end: 21))
        let g = Fixture("load demo ntrk as rwd\ndescribe rwd$0")
        #expect(AnalysisHost().definition(g.file, at: g.offset) == SourceRange(start: 18, end: 21))
        let none = Fixture("load demo ntrk as rwd\nsurvive$0 rwd")
        #expect(AnalysisHost().definition(none.file, at: none.offset) == nil)
    }

    @Test func referencesDefinitionFirst() {
        let f = Fixture(source.replacingOccurrences(of: "compare rwd", with: "compare r$0wd"))
        let refs = AnalysisHost().references(f.file, at: f.offset)
        #expect(refs.map(f.text) == ["rwd", "rwd", "rwd"])
        #expect(refs.map { f.file.location(of: $0.start).line } == [1, 2, 5])
    }

    @Test func redefinitionBindsLaterUses() {
        // In a REPL session an entry may redefine a cohort of an earlier one.
        let context = AnalysisContext(cohorts: ["x": CohortSchema(patients: 3, columns: [], genes: [], endpoints: [])])
        let f = Fixture("describe x\nlet x = x where age > 1\ndescribe x$0")
        let h = AnalysisHost()
        let refs = h.references(f.file, at: f.offset, context: context)
        #expect(refs.map { f.file.location(of: $0.start) }.map { "\($0)" } == ["2:5", "3:10"])
        let outside = Fixture("describe x$0\nlet x = x where age > 1")
        #expect(h.references(outside.file, at: outside.offset, context: context).map { "\(outside.file.location(of: $0.start))" } == ["1:10", "2:9"])
        #expect(h.definition(outside.file, at: outside.offset, context: context) == nil)
    }

    @Test func symbolsInOrderWithOrigins() {
        let f = Fixture(source)
        let symbols = AnalysisHost().symbols(f.file)
        #expect(symbols.map(\.name) == ["rwd", "older", "m"])
        #expect(symbols.map(\.kind) == [.loaded, .defined, .matched])
        #expect(symbols.map(\.origin) == ["load demo ntrk", "rwd where age >= 65", "match older by fusion NTRK1"])
        #expect(symbols.map { $0.uses.count } == [2, 1, 1])
        #expect(symbols[1].statement.map(f.text) == "let older = rwd where age >= 65")
        #expect(symbols[0].definition.map(f.text) == "rwd")
    }

    @Test func contextCohortsAreSymbolsWithoutDefinition() {
        let context = AnalysisContext(cohorts: ["rwd": CohortSchema(patients: 25000, columns: [], genes: [], endpoints: [])])
        let f = Fixture("survive rwd\nlet x = rwd where age > 1")
        let symbols = AnalysisHost().symbols(f.file, context: context)
        #expect(symbols.map(\.name) == ["rwd", "x"])
        #expect(symbols[0].definition == nil)
        #expect(symbols[0].uses.count == 2)
    }
}
