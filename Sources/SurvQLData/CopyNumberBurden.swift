/// The copy-number burden of each sample and patient: the fraction of profiled genes with a
/// non-neutral discrete copy-number call.
///
/// - A gene is profiled in a sample when the sample's value for it is not missing (`NA` in a
///   wide file; a row with a value in a long file). A call is any value other than 0
///   (-2, -1.5, -1, 1, 2).
/// - A patient's burden pools the (gene, sample) pairs of all their profiled samples:
///   calls / profiled pairs, so a patient with one sample gets that sample's burden.
/// - Samples and patients without a profiled gene get a missing value.
enum CopyNumberBurden {
    static let columnName = "CNA_BURDEN"
    static let description = "Fraction of profiled genes with a non-neutral discrete copy-number call (derived by SurvQL)"

    static func compute(_ files: [(LoadSupport.ParsedFile, Bool)], rowOfSample: [String: Int32],
                        samplePatients: [Int32], patientCount: Int) -> (sample: Column, patient: Column) {
        let sampleCount = samplePatients.count
        var profiled = [Int](repeating: 0, count: sampleCount)
        var called = [Int](repeating: 0, count: sampleCount)
        for (f, long) in files {
            let t = f.table
            if long {
                guard let sc = t.column(named: "Sample_Id"), let vc = t.column(named: "Value") else { continue }
                for row in 0..<t.rowCount {
                    guard let sid = sc.string(at: row), let s = rowOfSample[sid],
                          let v = vc.string(at: row).flatMap({ FastDecimal.parse($0) }), !v.isNaN else { continue }
                    profiled[Int(s)] += 1
                    if v != 0 { called[Int(s)] += 1 }
                }
            } else {
                let skip: Set<String> = ["HUGO_SYMBOL", "ENTREZ_GENE_ID", "CYTOBAND"]
                for c in t.columns where !skip.contains(c.name.uppercased()) {
                    guard let s = rowOfSample[c.name] else { continue }
                    for row in 0..<t.rowCount {
                        let v = c.number(at: row)
                        guard !v.isNaN else { continue }
                        profiled[Int(s)] += 1
                        if v != 0 { called[Int(s)] += 1 }
                    }
                }
            }
        }
        var sampleBurden = [Double](repeating: .nan, count: sampleCount)
        var patientProfiled = [Int](repeating: 0, count: patientCount)
        var patientCalled = [Int](repeating: 0, count: patientCount)
        for s in 0..<sampleCount where profiled[s] > 0 {
            sampleBurden[s] = Double(called[s]) / Double(profiled[s])
            let p = Int(samplePatients[s])
            guard p >= 0, p < patientCount else { continue }
            patientProfiled[p] += profiled[s]
            patientCalled[p] += called[s]
        }
        let patientBurden = (0..<patientCount).map { p in
            patientProfiled[p] > 0 ? Double(patientCalled[p]) / Double(patientProfiled[p]) : .nan
        }
        return (Column(name: columnName, type: .number, values: sampleBurden, displayName: "CNA burden", description: description),
                Column(name: columnName, type: .number, values: patientBurden, displayName: "CNA burden", description: description))
    }
}
