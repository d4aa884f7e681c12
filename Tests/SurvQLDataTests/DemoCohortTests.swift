import Foundation
import SurvQLData
import Testing

/// A checksum over every cell and alteration, to compare runs.
private func fingerprint(_ ds: Dataset) -> UInt64 {
    var h: UInt64 = 1469598103934665603
    func mix(_ v: UInt64) { h = (h ^ v) &* 1099511628211 }
    for c in ds.patients.columns {
        for r in 0..<c.count { for b in c.displayString(at: r).utf8 { mix(UInt64(b)) } }
        if let v = c.numericValues { for x in v { mix(x.bitPattern) } }
    }
    for f in ds.alterations.fusions { for b in f.label.utf8 { mix(UInt64(b)) }; mix(UInt64(f.patient)) }
    for m in ds.alterations.mutations { for b in (m.gene + (m.proteinChange ?? "")).utf8 { mix(UInt64(b)) }; mix(UInt64(m.patient)) }
    for c in ds.alterations.copyNumberCalls { mix(UInt64(c.patient)); mix(UInt64(bitPattern: Int64(c.level.rawValue))) }
    return h
}

@Test func demoIsDeterministicAndFast() throws {
    let start = Date()
    let a = try DataLoader.demo("ntrk").dataset
    let elapsed = Date().timeIntervalSince(start)
    let b = try DataLoader.demo("NTRK").dataset
    #expect(fingerprint(a) == fingerprint(b))
    print("demo ntrk generated in \(elapsed) s (debug build), fingerprint \(fingerprint(a))")
    #expect(throws: (any Error).self) { try DataLoader.demo("ntrk2") }
}

@Test func demoShape() throws {
    let ds = try DataLoader.demo("ntrk").dataset
    #expect(ds.patientCount == 25_000)
    #expect(ds.kind == .demo)
    let idx = ds.alterations
    let ntrk = idx.patients(matching: .involving(["NTRK1", "NTRK2", "NTRK3"]))
    #expect(ntrk.count == 28)
    #expect(idx.patients(matching: .involving(["NTRK1"])).count == 13)
    #expect(idx.patients(matching: .involving(["NTRK2"])).count == 3)
    #expect(idx.patients(matching: .involving(["NTRK3"])).count == 12)
    // Partner upstream: ETV6::NTRK3 matches, NTRK3::ETV6 does not.
    let etv6 = idx.patients(matching: FusionQuery(upstream: .gene("ETV6"), downstream: .gene("NTRK3")))
    #expect(etv6.count > 0)
    #expect(idx.patients(matching: FusionQuery(upstream: .gene("NTRK3"), downstream: .gene("ETV6"))).isEmpty)
    #expect(idx.partners(of: "NTRK3").first?.partner == "ETV6")
    #expect(idx.partners(of: "NTRK3").allSatisfy { $0.geneUpstream == 0 })
    let cancer = try #require(ds.patients.column(named: "cancer_type"))
    #expect(cancer.levels.count >= 10)
    let names = ["patient_id", "cancer_type", "age", "sex", "smoking", "practice_type", "ecog", "stage",
                 "prior_lines", "months_to_test", "os_months", "os_status", "pd_l1"]
    for n in names { #expect(ds.patients.column(named: n) != nil, "\(n)") }
    let os = try #require(ds.defaultEndpoint)
    #expect(os.name == "os")
    let entry = try #require(ds.patients.column(named: "months_to_test")?.numericValues)
    #expect(zip(entry, os.times).allSatisfy { $0 < $1 })
    let events = os.eventCount
    #expect(events > 10_000 && events < 24_000)
    #expect((ds.patients.column(named: "pd_l1")?.missingCount ?? 0) > 5_000)
    #expect(idx.patients(matching: MutationQuery(genes: ["KRAS"], proteinChange: "G12C")).count > 100)
    #expect(idx.patients(matching: CNAQuery(genes: ["ERBB2"], levels: [.amp])).count > 100)
    #expect(idx.profiledPatients(.structuralVariant).count == 25_000)
    // Median OS of the NTRK-positive patients, for the record.
    let ntrkTimes = ntrk.rows.map { os.times[Int($0)] }.sorted()
    print("demo: \(events) deaths; NTRK+ median observed time \(ntrkTimes[ntrkTimes.count / 2]) months")
}
