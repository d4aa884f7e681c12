/// The built-in synthetic cohorts behind `load demo NAME`.
///
/// ## `ntrk`
///
/// A deterministic real-world clinico-genomic cohort shaped like the US NTRK fusion study run on
/// a clinico-genomic database (28 NTRK fusion-positive patients, matched 1:10 on cancer type and a
/// propensity score; similar median OS in both arms, HR about 1.6). Seed `0x5EED_0A7C`; every run
/// and platform gives the same cohort (see `SplitMix64`).
///
/// - 25,000 patients `DEMO-00001`…; exactly 28 NTRK fusion-positive (NTRK1 13, NTRK2 3, NTRK3 12),
///   partner upstream: TPM3, LMNA, TPR, SQSTM1, CD74, IRF2BP2, CTRC::NTRK1; ETV6, EML4::NTRK3;
///   TRIM24, AGBL4, BCR::NTRK2. Their cancer types: NSCLC 6, colorectal 5, thyroid 4, sarcoma 4,
///   salivary 3, breast, pancreatic, cholangiocarcinoma, melanoma 1 each, other 2.
/// - Other patients' cancer types: NSCLC 30%, colorectal 14%, breast 14%, other 15%,
///   pancreatic 7%, melanoma 5%, ovarian 5%, cholangiocarcinoma 3%, sarcoma 3%, thyroid 3%,
///   salivary 1%.
/// - age: normal(65, 11) clipped to 20–90 (normal(48, 14) for thyroid, sarcoma and salivary);
///   sex: female for ovarian, 99% for breast, else 50%; smoking ever: 80% in NSCLC, else 40%;
///   practice_type community 80% / academic; ecog 0/1/2/3 with 35/45/15/5%; stage at diagnosis
///   IV 75% / III; prior_lines 0/1/2/3 with 40/35/17/8%; pd_l1 (TPS %) 0 (35%), 1–49 (35%),
///   50–100 (30%), missing for 40% of NSCLC and 85% of other patients.
/// - months_to_test (months from advanced diagnosis to the genomic test): exponential with mean
///   3 + 1.5 × prior_lines. Patients enter the database at the test, so only those still alive
///   and followed at the test are kept (delayed entry): os_months > months_to_test, drawn again otherwise.
/// - Overall survival from advanced diagnosis: Weibull proportional hazards, shape 1.1, baseline
///   median 0.75 × (NSCLC 18, colorectal 26, breast 30, pancreatic 11, thyroid 48, sarcoma 22,
///   salivary 30, cholangiocarcinoma 15, melanoma 24, ovarian 28, other 18) months for a
///   never-smoking woman of 65, ECOG 0, stage III, no prior lines, community practice.
///   **True hazard ratios:** NTRK fusion *not proportional*: 3.0 during the first 4 months after
///   the genomic test, 0.6 afterwards (excess early deaths, converging later); a fusion-positive
///   patient's residual survival after the test is drawn from that hazard (so they are alive at
///   the test by construction) from a stream of their own (salt 58); age 1.10 per 10 years; ECOG 1, 2, 3: 1.35, 1.9,
///   2.6; stage IV 1.4; 1.12 per prior line; male 1.08; ever smoker 1.10; academic practice 0.90.
///   Censoring: administrative at uniform(3, 72) months and loss to follow-up exponential with
///   mean 120 months. os_status is `1:DECEASED` or `0:LIVING`; endpoint `os`, unit months.
/// - Other alterations, mutually exclusive drivers drawn per cancer type: ALK (EML4::ALK) 4% and
///   ROS1 (CD74::ROS1) 1.5% and RET (KIF5B::RET) 1.5% of NSCLC, RET (CCDC6::RET) 8% of thyroid;
///   KRAS mutations in 28% of NSCLC (G12C, G12V, G12D, G13C), 42% of colorectal and 88% of
///   pancreatic; EGFR (L858R, E746_A750del, T790M) in 14% of NSCLC. TP53 mutations in 40% of
///   patients. Copy number: ERBB2 amplification (15% breast, 2% other), CCND1 amplification
///   (10% breast), MET amplification (3% NSCLC), MYC amplification (5%), CDKN2A deep deletion
///   (30% pancreatic and melanoma, 12% other), PTEN deep deletion (3%).
/// - One sample per patient (`DEMO-00001-T1`), profiled for every alteration kind.
enum DemoCohort {
    static let cancerTypes = [
        "NSCLC", "Colorectal", "Breast", "Pancreatic", "Thyroid", "Sarcoma", "Salivary",
        "Cholangiocarcinoma", "Melanoma", "Ovarian", "Other",
    ]
    private static let weights: [Double] = [0.30, 0.14, 0.14, 0.07, 0.03, 0.03, 0.01, 0.03, 0.05, 0.05, 0.15]
    private static let baselineMedian: [Double] = [18, 26, 30, 11, 48, 22, 30, 15, 24, 28, 18]

    /// The 28 NTRK fusions: (cancer type index, upstream partner, NTRK gene).
    private static let ntrkFusions: [(Int, String, String)] = [
        (0, "SQSTM1", "NTRK1"), (0, "CD74", "NTRK1"), (0, "TPR", "NTRK1"), (0, "EML4", "NTRK3"), (0, "TRIM24", "NTRK2"), (0, "ETV6", "NTRK3"),
        (1, "TPM3", "NTRK1"), (1, "LMNA", "NTRK1"), (1, "TPM3", "NTRK1"), (1, "EML4", "NTRK3"), (1, "ETV6", "NTRK3"),
        (4, "ETV6", "NTRK3"), (4, "IRF2BP2", "NTRK1"), (4, "TPR", "NTRK1"), (4, "ETV6", "NTRK3"),
        (5, "TPM3", "NTRK1"), (5, "LMNA", "NTRK1"), (5, "ETV6", "NTRK3"), (5, "TPM3", "NTRK1"),
        (6, "ETV6", "NTRK3"), (6, "ETV6", "NTRK3"), (6, "ETV6", "NTRK3"),
        (2, "ETV6", "NTRK3"), (3, "CTRC", "NTRK1"), (7, "LMNA", "NTRK1"), (8, "AGBL4", "NTRK2"),
        (10, "BCR", "NTRK2"), (10, "ETV6", "NTRK3"),
    ]

    /// The NTRK effect, not proportional: hazard ratio `ntrkEarly` for the first `ntrkChange`
    /// months after the genomic test, `ntrkLate` afterwards.
    static let ntrkEarly = 3.0, ntrkLate = 0.6, ntrkChange = 4.0
    /// Baseline medians are `medianScale` × `baselineMedian`.
    static let medianScale = 0.75
    /// Salt of the fusion-positive patients' own random streams (chosen so that the example's
    /// matched analysis resembles the published one; see the README's demo section).
    static let ntrkSalt: UInt64 = 58

    static let patientCount = 25_000
    static let seed: UInt64 = 0x5EED_0A7C

    private struct Patient {
        var cancer = 0
        var age = 0.0
        var female = false
        var ever = false
        var academic = false
        var ecog = 0
        var stageIV = false
        var priorLines = 0
        var monthsToTest = 0.0
        var osMonths = 0.0
        var died = false
        var pdl1 = Double.nan
    }

    static func ntrk() -> Dataset {
        var rng = SplitMix64(seed: seed)
        let n = patientCount
        // Which rows are NTRK-positive, and with which fusion (a partial Fisher–Yates shuffle).
        var slots = Array(0..<n)
        var ntrkOf = [Int](repeating: -1, count: n)
        for i in 0..<ntrkFusions.count {
            let j = i + rng.below(n - i)
            slots.swapAt(i, j)
            ntrkOf[slots[i]] = i
        }
        var patients: [Patient] = []
        patients.reserveCapacity(n)
        for row in 0..<n {
            let fixedCancer = ntrkOf[row] >= 0 ? ntrkFusions[ntrkOf[row]].0 : nil
            patients.append(drawPatient(&rng, cancer: fixedCancer, ntrk: ntrkOf[row] >= 0, fusionIndex: max(ntrkOf[row], 0)))
        }

        // Alterations and profiling.
        var fusions: [FusionEvent] = []
        var mutations: [MutationRecord] = []
        var calls: [CopyNumberCall] = []
        for (row, p) in patients.enumerated() {
            let r = Int32(row)
            func fusion(_ up: String, _ down: String, _ cls: String) {
                fusions.append(FusionEvent(sample: r, patient: r, site1Gene: up, site2Gene: down,
                                           eventInfo: "\(up)-\(down) fusion", frame: "in frame", svClass: cls,
                                           orientation: .site1Upstream))
            }
            func mutation(_ gene: String, _ change: String, _ cls: String = "Missense_Mutation") {
                mutations.append(MutationRecord(sample: r, patient: r, gene: gene, proteinChange: change, classification: cls))
            }
            func cna(_ gene: String, _ level: CNALevel) {
                calls.append(CopyNumberCall(sample: r, patient: r, gene: gene, level: level))
            }
            if ntrkOf[row] >= 0 {
                let f = ntrkFusions[ntrkOf[row]]
                fusion(f.1, f.2, "TRANSLOCATION")
            } else {
                let u = rng.uniform()
                switch p.cancer {
                case 0:
                    if u < 0.04 { fusion("EML4", "ALK", "INVERSION") }
                    else if u < 0.055 { fusion("CD74", "ROS1", "TRANSLOCATION") }
                    else if u < 0.07 { fusion("KIF5B", "RET", "INVERSION") }
                    else if u < 0.35 { mutation("KRAS", ["G12C", "G12C", "G12V", "G12D", "G13C"][rng.below(5)]) }
                    else if u < 0.49 {
                        let k = rng.below(3)
                        mutation("EGFR", ["L858R", "E746_A750del", "T790M"][k], k == 1 ? "In_Frame_Del" : "Missense_Mutation")
                    }
                case 1:
                    if u < 0.42 { mutation("KRAS", ["G12D", "G12V", "G13D", "G12C"][rng.below(4)]) }
                case 3:
                    if u < 0.88 { mutation("KRAS", ["G12D", "G12V", "G12R"][rng.below(3)]) }
                case 4:
                    if u < 0.08 { fusion("CCDC6", "RET", "INVERSION") }
                default:
                    break
                }
            }
            if rng.bernoulli(0.40) {
                mutation("TP53", ["R273H", "R175H", "R248Q", "Y220C", "R282W"][rng.below(5)])
            }
            if rng.bernoulli(p.cancer == 2 ? 0.15 : 0.02) { cna("ERBB2", .amp) }
            if p.cancer == 2, rng.bernoulli(0.10) { cna("CCND1", .amp) }
            if p.cancer == 0, rng.bernoulli(0.03) { cna("MET", .amp) }
            if rng.bernoulli(0.05) { cna("MYC", .amp) }
            if rng.bernoulli(p.cancer == 3 || p.cancer == 8 ? 0.30 : 0.12) { cna("CDKN2A", .homdel) }
            if rng.bernoulli(0.03) { cna("PTEN", .homdel) }
        }

        // Columns.
        let ids = (0..<n).map { "DEMO-" + pad5($0 + 1) }
        func coded(_ name: String, _ levels: [String], _ codes: [Int32]) -> Column {
            Column(name: name, type: .category, codes: codes, levels: levels)
        }
        // Levels are listed in natural order, as the delimited reader would sort them.
        let typeOrder = cancerTypes.indices.sorted { NaturalOrder.less(cancerTypes[$0], cancerTypes[$1]) }
        var typeCode = [Int32](repeating: 0, count: cancerTypes.count)
        for (code, t) in typeOrder.enumerated() { typeCode[t] = Int32(code) }
        let columns: [Column] = [
            Column(name: "patient_id", type: .string, codes: (0..<Int32(n)).map { $0 }, levels: ids),
            coded("cancer_type", typeOrder.map { cancerTypes[$0] }, patients.map { typeCode[$0.cancer] }),
            Column(name: "age", type: .integer, values: patients.map(\.age)),
            coded("sex", ["Female", "Male"], patients.map { $0.female ? 0 : 1 }),
            coded("smoking", ["ever", "never"], patients.map { $0.ever ? 0 : 1 }),
            coded("practice_type", ["academic", "community"], patients.map { $0.academic ? 0 : 1 }),
            Column(name: "ecog", type: .integer, values: patients.map { Double($0.ecog) }),
            coded("stage", ["III", "IV"], patients.map { $0.stageIV ? 1 : 0 }),
            Column(name: "prior_lines", type: .integer, values: patients.map { Double($0.priorLines) }),
            Column(name: "months_to_test", type: .number, values: patients.map(\.monthsToTest)),
            Column(name: "os_months", type: .number, values: patients.map(\.osMonths)),
            coded("os_status", ["0:LIVING", "1:DECEASED"], patients.map { $0.died ? 1 : 0 }),
            Column(name: "pd_l1", type: .integer, values: patients.map(\.pdl1)),
        ]
        let table = Table(trusted: columns, rowCount: n)
        let sampleIds = ids.map { $0 + "-T1" }
        let rows = (0..<Int32(n)).map { $0 }
        let sampleTable = Table(trusted: [Column(name: "SAMPLE_ID", type: .string, codes: rows, levels: sampleIds),
                                          Column(name: "PATIENT_ID", type: .string, codes: rows, levels: ids)],
                                rowCount: n)
        let everyone = RowSet.all(universe: n)
        let panels = [String?](repeating: nil, count: n)
        var profiles: [AlterationKind: AlterationProfile] = [:]
        for kind in AlterationKind.allCases {
            profiles[kind] = AlterationProfile(samples: everyone, samplePanels: panels, source: "all samples (demo)")
        }
        let index = AlterationIndex(patientCount: n, samplePatient: rows, fusions: fusions, copyNumberCalls: calls,
                                    mutations: mutations, profiles: profiles)
        let os = SurvivalEndpoint(name: "os", timeColumn: "os_months", statusColumn: "os_status", unit: "months",
                                  times: patients.map(\.osMonths), events: patients.map { $0.died ? 1 : 0 })
        return Dataset(name: "ntrk", path: nil, kind: .demo,
                       title: "Synthetic NTRK fusion real-world cohort (demo; NTRK hazard ratio 3.0 for 4 months after the test, then 0.6)",
                       patients: table, patientIdColumn: "patient_id", patientIds: Levels(ids),
                       samples: SampleTable(ids: sampleIds, patientRows: rows, table: sampleTable),
                       endpoints: [os], alterations: index)
    }

    private static func drawPatient(_ rng: inout SplitMix64, cancer fixed: Int?, ntrk: Bool, fusionIndex: Int) -> Patient {
        // A fusion-positive patient's survival comes from its own stream, so the NTRK effect
        // changes their times only, and every other patient stays as it was.
        var own = SplitMix64(seed: (seed ^ ntrkSalt) &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(fusionIndex + 1))
        while true {
            var p = Patient()
            p.cancer = fixed ?? rng.pick(weights)
            let young = p.cancer == 4 || p.cancer == 5 || p.cancer == 6
            p.age = min(90, max(20, ((young ? 48 : 65) + (young ? 14 : 11) * rng.normal()).rounded()))
            p.female = p.cancer == 9 ? true : rng.bernoulli(p.cancer == 2 ? 0.99 : 0.5)
            p.ever = rng.bernoulli(p.cancer == 0 ? 0.8 : 0.4)
            p.academic = rng.bernoulli(0.2)
            p.ecog = rng.pick([0.35, 0.45, 0.15, 0.05])
            p.stageIV = rng.bernoulli(0.75)
            p.priorLines = rng.pick([0.40, 0.35, 0.17, 0.08])
            let missingPDL1 = rng.bernoulli(p.cancer == 0 ? 0.40 : 0.85)
            let band = rng.pick([0.35, 0.35, 0.30])
            let tps = band == 0 ? 0 : band == 1 ? Double(1 + rng.below(49)) : Double(50 + rng.below(51))
            p.pdl1 = missingPDL1 ? .nan : tps

            var lp = 0.0
            lp += (p.age - 65) / 10 * LogHazard.age
            lp += LogHazard.ecog[p.ecog]
            if p.stageIV { lp += LogHazard.stageIV }
            lp += Double(p.priorLines) * LogHazard.priorLine
            if !p.female { lp += LogHazard.male }
            if p.ever { lp += LogHazard.everSmoker }
            if p.academic { lp += LogHazard.academic }
            let shape = LogHazard.shape
            // Weibull scale from the median: S0(m) = 1/2 ⇒ λ = m / (ln 2)^(1/k).
            let lambda = medianScale * baselineMedian[p.cancer] / LogHazard.medianDivisor
            var e = -DeterministicMath.log(rng.uniformPositive())
            // Cumulative baseline hazard H0(t) = (t / λ)^k; the NTRK multiplier is `early` on
            // H0 up to the change point and `late` after it.
            var censor = min(3 + 69 * rng.uniform(), rng.exponential(mean: 120))
            let entry = round2(rng.exponential(mean: 3 + 1.5 * Double(p.priorLines)))
            func h0(_ t: Double) -> Double { DeterministicMath.pow(t / lambda, shape) }
            var t = lambda * DeterministicMath.pow(e / DeterministicMath.exp(lp), 1 / shape)
            if ntrk {
                // Alive at the test by construction: the residual time after the test, with
                // hazard ratio `ntrkEarly` for `ntrkChange` months and `ntrkLate` afterwards.
                e = -DeterministicMath.log(own.uniformPositive()) / DeterministicMath.exp(lp)
                let atTest = h0(entry), atChange = h0(entry + ntrkChange)
                let early = ntrkEarly * (atChange - atTest)
                let cumulative = e <= early ? atTest + e / ntrkEarly : atChange + (e - early) / ntrkLate
                t = lambda * DeterministicMath.pow(cumulative, 1 / shape)
                var tries = 0
                repeat {
                    censor = min(3 + 69 * own.uniform(), own.exponential(mean: 120))
                    tries += 1
                } while round2(censor) <= entry && tries < 1000
                if round2(censor) <= entry { censor = entry + 1 }
            }
            let observed = round2(min(t, censor))
            guard observed > entry, observed > 0 else { continue }
            p.monthsToTest = entry
            p.osMonths = observed
            p.died = t <= censor
            return p
        }
    }

    /// The log hazard ratios and the Weibull constants of `drawPatient`, each computed once with
    /// `DeterministicMath` exactly as the per-patient code used to (so every draw is bit-identical);
    /// computing them per patient was half of the demo's generation time.
    private enum LogHazard {
        static let age = DeterministicMath.log(1.10)
        static let ecog: [Double] = [0, DeterministicMath.log(1.35), DeterministicMath.log(1.9), DeterministicMath.log(2.6)]
        static let stageIV = DeterministicMath.log(1.4)
        static let priorLine = DeterministicMath.log(1.12)
        static let male = DeterministicMath.log(1.08)
        static let everSmoker = DeterministicMath.log(1.10)
        static let academic = DeterministicMath.log(0.90)
        /// The Weibull shape k.
        static let shape = 1.1
        /// (ln 2)^(1/k), the divisor that turns a median into the Weibull scale.
        static let medianDivisor = DeterministicMath.pow(DeterministicMath.log(2), 1 / shape)
    }

    private static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    private static func pad5(_ v: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}
