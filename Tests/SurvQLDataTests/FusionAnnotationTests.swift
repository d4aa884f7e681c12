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
        // No order stated, or a name that only contains a gene's name, and no strands: unknown, not guessed.
        let plain = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "Antisense fusion")
        #expect(plain.orientation == .unknown)
        let lookalike = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "XEML4-ALKY fusion")
        #expect(lookalike.orientation == .unknown)
        let both = FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "EML4-ALK and ALK-EML4")
        #expect(both.orientation == .unknown)
        // An ordered query does not count an event of unknown orientation; `fusion ALK` does.
        let unknownIndex = AlterationIndex(patientCount: 1, samplePatient: [0], fusions: [plain])
        #expect(unknownIndex.patients(matching: FusionQuery(upstream: .gene("EML4"), downstream: .gene("ALK"))).isEmpty)
        #expect(unknownIndex.patients(matching: FusionQuery(upstream: .gene("ALK"), downstream: .gene("EML4"))).isEmpty)
        #expect(unknownIndex.patients(matching: .involving(["ALK"])).count == 1)
        #expect(plain.label == "ALK/EML4")
    }

    @Test func columnsDescribeTheRepresentativeEvent() throws {
        let events = [
            // patient 0: an intergenic ALK event and an EML4-ALK fusion: the fusion represents it.
            FusionEvent(sample: 0, patient: 0, site1Gene: "ALK", site2Gene: nil, eventInfo: "ALK-intergenic"),
            FusionEvent(sample: 0, patient: 0, site1Gene: "EML4", site2Gene: "ALK", frame: " in frame ",
                        site1Strand: "+", site2Strand: "+", connection: "3to5"),
            // patient 1: EML4-ALK again (recurrent), frame only in Event_Info.
            FusionEvent(sample: 1, patient: 1, site1Gene: "ALK", site2Gene: "EML4", eventInfo: "Protein fusion: out of frame (EML4-ALK)"),
            // patient 2: ALK upstream of a partner seen once.
            FusionEvent(sample: 2, patient: 2, site1Gene: "ALK", site2Gene: "VCL", site1Strand: "-", site2Strand: "+", connection: "5to5"),
            // patient 3: only an intergenic breakpoint that names the nearest gene.
            FusionEvent(sample: 3, patient: 3, site1Gene: "ALK", site2Gene: "RAD51AP2", site2Intergenic: true,
                        site1Strand: "-", connection: "5to3"),
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
        // Patient 0 has an intergenic ALK event besides EML4-ALK: intergenic means any such event.
        #expect(intergenic[0] == 1 && intergenic[1] == 0 && intergenic[3] == 1 && intergenic[4].isNaN)
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

    @Test func strandsAndConnectionDecideWhenNothingIsStated() {
        // msk_met_2021 P-0000058: ALK(-) 5to5 DDX11L2(-): both pieces lie right of their breaks on the
        // minus strand, so both keep their gene's 5' part: no sense fusion, orientation unknown.
        #expect(FusionOrientation.decide(eventInfo: "ALK-DDX11L2 Fusion", site1Gene: "ALK", site2Gene: "DDX11L2",
                                         site1Intergenic: false, site2Intergenic: false,
                                         site1Strand: "-", site2Strand: "-", connection: "5to5") == .unknown)
        #expect(FusionOrientation.decide(eventInfo: nil, site1Gene: "ALK", site2Gene: "EML4", site1Intergenic: false, site2Intergenic: false,
                                         site1Strand: "-", site2Strand: "-", connection: "3to5") == .site2Upstream)
        #expect(FusionOrientation.decide(eventInfo: nil, site1Gene: "EML4", site2Gene: "ALK", site1Intergenic: false, site2Intergenic: false,
                                         site1Strand: "+", site2Strand: "-", connection: "3to3") == .site1Upstream)
        // An intergenic side: the gene side alone decides.
        #expect(FusionOrientation.decide(eventInfo: "ALK-intergenic", site1Gene: "ALK", site2Gene: nil, site1Intergenic: false, site2Intergenic: true,
                                         site1Strand: "-", connection: "3to5") == .site2Upstream)
        // Stated orders, including hyphenated names and a renamed partner.
        #expect(FusionOrientation.decide(eventInfo: "Protein Fusion: in frame {EML4:ALK}", site1Gene: "ALK", site2Gene: "EML4",
                                         site1Intergenic: false, site2Intergenic: false) == .site2Upstream)
        #expect(FusionOrientation.decide(eventInfo: "Protein fusion: mid-exon (NF1-MIR365-2)", site1Gene: "NF1", site2Gene: "MIR365-2",
                                         site1Intergenic: false, site2Intergenic: false) == .site1Upstream)
        #expect(FusionOrientation.decide(eventInfo: "Protein Fusion: mid-exon {KMT2D:WHSC1L1}", site1Gene: "KMT2D", site2Gene: "NSD3",
                                         site1Intergenic: false, site2Intergenic: false) == .site1Upstream)
        #expect(FusionOrientation.decide(eventInfo: "BRAF-GTF2IRD1 fusion - Archer", site1Gene: "GTF2IRD1", site2Gene: "BRAF",
                                         site1Intergenic: false, site2Intergenic: false) == .site2Upstream)
        #expect(FusionOrientation.strand(inDescription: "Intron of ALK(-): 452bp before exon 20", gene: "ALK") == "-")
        #expect(FusionOrientation.strand(inDescription: "IGR: 36Kb before SDHAP3(-)", gene: "TERT") == nil)
    }
}
