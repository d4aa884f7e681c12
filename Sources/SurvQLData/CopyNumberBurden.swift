/// The copy-number burden of each sample and patient: the fraction of profiled genes with a
/// non-neutral discrete copy-number call.
///
/// - A gene is profiled in a sample when the sample's value for it is not missing (`NA` in a
///   wide file; a row with a value in a long file). A call is any value other than 0
///   (-2, -1.5, -1, 1, 2).
/// - A patient's burden pools the (gene, sample) pairs of all their profiled samples:
///   calls / profiled pairs, so a patient with one sample gets that sample's burden.
/// - Samples and patients without a profiled gene get a missing value.
///
/// The counts are taken while the CNA files are read (`CBioPortalStudyLoader.readCNA`).
enum CopyNumberBurden {
    static let columnName = "CNA_BURDEN"
    static let description = "Fraction of profiled genes with a non-neutral discrete copy-number call (derived by SurvQL)"

    /// Per sample row: genes with a value, and genes with a value other than 0.
    struct Counts {
        var profiled: [Int]
        var called: [Int]
        init(sampleCount: Int) {
            profiled = [Int](repeating: 0, count: sampleCount)
            called = [Int](repeating: 0, count: sampleCount)
        }
        mutating func add(sample: Int32, value: Double) {
            profiled[Int(sample)] += 1
            if value != 0 { called[Int(sample)] += 1 }
        }
    }

    static func columns(_ counts: Counts, samplePatients: [Int32], patientCount: Int) -> (sample: Column, patient: Column) {
        let sampleCount = samplePatients.count
        var sampleBurden = [Double](repeating: .nan, count: sampleCount)
        var patientProfiled = [Int](repeating: 0, count: patientCount)
        var patientCalled = [Int](repeating: 0, count: patientCount)
        for s in 0..<sampleCount where counts.profiled[s] > 0 {
            sampleBurden[s] = Double(counts.called[s]) / Double(counts.profiled[s])
            let p = Int(samplePatients[s])
            guard p >= 0, p < patientCount else { continue }
            patientProfiled[p] += counts.profiled[s]
            patientCalled[p] += counts.called[s]
        }
        let patientBurden = (0..<patientCount).map { p in
            patientProfiled[p] > 0 ? Double(patientCalled[p]) / Double(patientProfiled[p]) : .nan
        }
        return (Column(name: columnName, type: .number, values: sampleBurden, displayName: "CNA burden", description: description),
                Column(name: columnName, type: .number, values: patientBurden, displayName: "CNA burden", description: description))
    }
}
