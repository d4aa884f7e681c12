import Testing
import SurvQLSyntax

/// The syntax of the statistics beyond one hazard ratio: the extra `compare` clauses, `weight`
/// on `survive`, `adjust` terms with a reference level or an interaction, several strata, and
/// the `power` statement. Error cases are in Cases/stats.survql.
@Suite struct StatsSyntaxTests {
    func check(_ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (script, ds) = Parser.parse(SourceFile(name: "t", text: input))
        #expect(script.dump() == expected, sourceLocation: sourceLocation)
        #expect(summaries(ds) == [], sourceLocation: sourceLocation)
    }

    @Test func compareExtras() {
        check("compare m by fusion entry e check ph test peto rmst 24",
              "(compare m by=fusion entry=e check=ph test=peto rmst=24)")
        check("compare m by fusion test fleming(0, 1) weight w within cancer_type",
              "(compare m by=fusion test=fleming(0,1) weight=w within=cancer_type)")
        check("compare m by fusion\n  check ph\n  rmst 12", "(compare m by=fusion check=ph rmst=12)")
    }

    @Test func adjustTerms() {
        check("compare m by fusion adjust stage (reference \"III\"), age, fusion * age, fusion : cancer_type strata a, b",
              "(compare m by=fusion strata=a adjust=[stage age] reference[0]=\"III\" interaction=fusion*age interaction=fusion:cancer_type strata+=[b])")
        check("compare m by sex adjust age, ecog (reference 0)", "(compare m by=(column sex) adjust=[age ecog] reference[1]=0)".replacingOccurrences(of: "(column sex)", with: "sex"))
    }

    @Test func surviveWeight() {
        check("survive m by fusion weight w", "(survive m by=fusion weight=w)")
    }

    @Test func powerForms() {
        check("power hr 1.6 ratio 10 patients 308 probability 0.7", "(power hr=1.6 ratio=10 patients=308 probability=0.7)")
        check("power for matched by fusion hr 1.6", "(power for=matched by=fusion hr=1.6)")
        check("power hr 0.7 target 0.9 method freedman", "(power hr=0.7 target=0.9 method=freedman)")
    }

    @Test func fusionGlueStaysAnError() {
        let (_, ds) = Parser.parse(SourceFile(name: "t", text: "let e = t where fusion ALK:ROS1"))
        #expect(summaries(ds).first?.contains("unexpected character ':'") == true)
    }
}
