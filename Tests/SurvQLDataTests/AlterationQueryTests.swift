import Foundation
import SurvQLData
import SurvQLSyntax
import Testing

@Test func mutationQueriesOnNSCLC() throws {
    let ds = try DataLoader.load(path: TestSupport.study("nsclc_pd1_msk_2018")).dataset
    let idx = ds.alterations
    // Counts from the raw MAF (python): KRAS 86 samples, p.G12C 36, G12x 73.
    #expect(idx.samples(matching: MutationQuery(genes: ["KRAS"])).count == 86)
    #expect(idx.samples(matching: MutationQuery(genes: ["kras"], proteinChange: "G12C")).count == 36)
    #expect(idx.samples(matching: MutationQuery(genes: ["KRAS"], proteinChange: "p.G12C")).count == 36)
    #expect(idx.samples(matching: MutationQuery(genes: ["KRAS"], proteinChange: "G12")).count == 73)
    // Wide CNA with NA: CDKN2A 23 deep deletions, MDM2 6 amplifications.
    #expect(idx.samples(matching: CNAQuery(genes: ["CDKN2A"], levels: [.homdel])).count == 23)
    #expect(idx.samples(matching: CNAQuery(genes: ["MDM2"], levels: [.amp])).count == 6)
    #expect(idx.profiledPatients(.copyNumber).count == 240)
    // PD-L1 is a sample attribute lifted to patients, with missing values.
    #expect(ds.patients.column(named: "pdl1_score")?.type == .integer)
}

@Test func longCNAAndPanelsInTestStudy() throws {
    let ds = try DataLoader.load(path: TestSupport.study("cbioportal_study_es_0")).dataset
    let idx = ds.alterations
    #expect(idx.samples(matching: CNAQuery(genes: Set(idx.copyNumberCalls.map(\.gene)), levels: [.amp])).count == 7)
    // Samples not profiled for mutations in the gene panel matrix are not tested.
    let sample1 = try #require(ds.samples?.ids.firstIndex(of: "TEST_SAMPLE_1"))
    let sample2 = try #require(ds.samples?.ids.firstIndex(of: "TEST_SAMPLE_2"))
    #expect(!idx.profiledSamples(.mutation).contains(sample1))
    #expect(idx.profiledSamples(.mutation).contains(sample2))
    // Per gene: TESTPANEL1 covers BRCA2 and not PIEZO1; TESTPANEL2 covers PIEZO1.
    #expect(idx.profiledSamples(.mutation, gene: "BRCA2").contains(sample2))
    #expect(!idx.profiledSamples(.mutation, gene: "PIEZO1").contains(sample2))
    // The SV file has an event with an empty Site2 gene: intergenic.
    let intergenic = idx.fusions.filter { $0.site2Gene == nil || $0.site1Gene == nil }
    #expect(!intergenic.isEmpty)
    if let e = intergenic.first(where: { $0.site2Gene == nil }), let g = e.site1Gene {
        #expect(idx.patients(matching: .involving([g], partner: .none)).contains(Int(e.patient)))
    }
}

@Test func legacyFusionFileAndDerivedPatients() throws {
    let dir = TestSupport.tempDirectory()
    _ = TestSupport.write("meta_clinical_patient.txt", "genetic_alteration_type: CLINICAL\ndatatype: PATIENT_ATTRIBUTES\ndata_filename: data_clinical_patient.txt\n", in: dir)
    _ = TestSupport.write("data_clinical_patient.txt", "PATIENT_ID\tOS_MONTHS\tOS_STATUS\nP-0000001\t10\t1:DECEASED\nP-0000002\t[Not Available]\t[Not Available]\n", in: dir)
    _ = TestSupport.write("meta_fusions.txt", "genetic_alteration_type: FUSION\ndatatype: FUSION\ndata_filename: data_fusions.txt\n", in: dir)
    _ = TestSupport.write("data_fusions.txt", "Hugo_Symbol\tEntrez_Gene_Id\tCenter\tTumor_Sample_Barcode\tFusion\tFrame\nEML4\t0\tMSK\tP-0000001-T01-IM3\tEML4-ALK fusion\tin frame\nALK\t0\tMSK\tP-0000001-T01-IM3\tEML4-ALK fusion\tin frame\nRET\t0\tMSK\tP-0000002-T02-IM5\tRET-intragenic\t\n", in: dir)
    let outcome = try DataLoader.load(path: dir)
    let ds = outcome.dataset
    #expect(outcome.warnings.contains { $0.id == "data.derivedPatients" })
    #expect(ds.patientCount == 2)
    #expect(ds.samples?.ids.count == 2)
    let idx = ds.alterations
    #expect(idx.fusions.count == 2)
    #expect(idx.patients(matching: FusionQuery(upstream: .gene("EML4"), downstream: .gene("ALK"))).rows == [0])
    #expect(idx.patients(matching: .involving(["RET"])).rows == [1])
    #expect(idx.fusions.first?.frame == "in frame")
    #expect(ds.defaultEndpoint?.usableCount == 1)
}

@Test func partnerTablesOnRealData() throws {
    let ds = try DataLoader.load(path: TestSupport.study("msk_impact_2017")).dataset
    let partners = ds.alterations.partners(of: "ALK")
    #expect(partners.first?.partner == "EML4")
    #expect((partners.first?.geneDownstream ?? 0) > 0)
}
