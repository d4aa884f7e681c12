import SurvQLSyntax
import Testing

/// `fusion -::GENE` (an intergenic 5' side), beside `fusion GENE::-`.
@Suite struct IntergenicFusionTests {
    @Test func bothIntergenicSidesParse() {
        let file = SourceFile(name: "t", text: "let a = s where fusion -::ALK or fusion ALK::- or fusion -::NTRK1|NTRK3")
        let (script, ds) = Parser.parse(file)
        #expect(ds.isEmpty)
        #expect(script.dump() == "(let a s (or (fusion -::ALK) (fusion ALK::-) (fusion -::NTRK1|NTRK3)))")
    }
}
