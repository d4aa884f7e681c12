import Foundation
import SurvQLData
import Testing

@Suite struct FusionAnnotationTests {
    @Test func eventInfoDecidesTheOrientationWhenItNamesBothGenes() {
        // MSK-IMPACT writes the targeted gene in site 1.
        let e = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "Protein fusion: in frame (EML4-ALK)")
        #expect(!e.site1IsUpstream)
        #expect(e.upstreamGene == "EML4" && e.downstreamGene == "ALK")
        #expect(e.label == "EML4::ALK")
        let index = AlterationIndex(patientCount: 1, samplePatient: [0], fusions: [e])
        #expect(index.patients(matching: FusionQuery(upstream: .gene("EML4"), downstream: .gene("ALK"))).count == 1)
        #expect(index.patients(matching: FusionQuery(upstream: .gene("ALK"), downstream: .gene("EML4"))).isEmpty)
        // No order stated, or a name that only contains a gene's name: site 1 stays upstream.
        let plain = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "Antisense fusion")
        #expect(plain.site1IsUpstream)
        let lookalike = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "XEML4-ALKY fusion")
        #expect(lookalike.site1IsUpstream)
        let both = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "EML4-ALK and ALK-EML4")
        #expect(both.site1IsUpstream)
    }

    @Test func columnsDescribeTheRepresentativeEvent() throws {
        let events = [
            // patient 0: an intergenic ALK event and an EML4-ALK fusion: the fusion represents it.
            FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: nil, eventInfo: "ALK-intergenic"),
            FusionEvent(sample: 0, patient: 0, site1Gene: "EML4", site2Gene: "ALK", frame: " in frame "),
            // patient 1: EML4-ALK again (recurrent), frame only in Event_Info.
            FusionEvent(sample: 1, patient: 1, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "Protein fusion: out of frame (EML4-ALK)"),
            // patient 2: ALK upstream of a partner seen once.
            FusionEvent(sample: 2, patient: 2, site1Gene: "ALK", site2Gene: "VCL"),
            // patient 3: only an intergenic breakpoint that names the nearest gene.
            FusionEvent(sample: 3, patient: 3, site1Gene: "ALK", site2Gene: "RAD51AP2", site2Intergenic: true),
        ]
        let index = AlterationIndex(patientCount: 5, samplePatient: [0, 1, 2, 3, 4], fusions: events)
        let cols = FusionAnnotation.columns(index: index, rows: [0, 1, 2, 3, 4], perSample: false,
                                            queries: [.involving(["ALK"])], genes: ["ALK"])
        func strings(_ name: String) throws -> [String?] {
            let c = try #require(cols.first { $0.name == name })
            return (0..<5).map { c.string(at: $0) }
        }
        func numbers(_ name: String) throws -> [Double] {
            let c = try #require(cols.first { $0.name == name })
            return (0..<5).map { c.number(at: $0) }
        }
        #expect(try strings("FUSION_GENE") == ["ALK", "ALK", "ALK", "ALK", nil])
        #expect(try strings("FUSION_PARTNER") == ["EML4", "EML4", "VCL", "intergenic", nil])
        #expect(try strings("FUSION_ORIENTATION") == ["downstream", "downstream", "upstream", "upstream", nil])
        #expect(try strings("FUSION_FRAME") == ["in frame", "out of frame", nil, nil, nil])
        let intergenic = try numbers("FUSION_INTERGENIC")
        #expect(intergenic[0] == 0 && intergenic[3] == 1 && intergenic[4].isNaN)
        let recurrent = try numbers("FUSION_RECURRENT")
        #expect(recurrent[0] == 1 && recurrent[1] == 1 && recurrent[2] == 0 && recurrent[3].isNaN)
        #expect(try numbers("FUSION_EVENTS") == [2, 1, 1, 1, 0])

        var all = RowSet(universe: 5)
        for p in 0..<5 { all.insert(p) }
        let partners = FusionAnnotation.partners(of: "alk", index: index, patients: all)
        #expect(partners.first?.partner == "EML4" && partners.first?.patients == 2 && partners.first?.geneDownstream == 2)
        #expect(partners.first { $0.partner == nil }?.patients == 2)
        #expect(partners.first { $0.partner == nil }?.recurrent == false)
    }
}
