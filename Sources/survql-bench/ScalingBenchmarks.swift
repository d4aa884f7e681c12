#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SurvQLData

/// Options of the whole-process benchmarks (`scaling`, `e2e`), from the command line.
struct ProcessBenchOptions {
    /// The sizes, 10^4 up to `maxN`.
    var maxN = 10_000_000
    /// The smallest size of the scaling table.
    var minN = 10_000
    /// Run the same jobs in R (Rscript, survival, MatchIt).
    var compareR = false
    /// Run the same jobs in Python lifelines + pandas.
    var compareLifelines = false
    /// The largest n at which R and lifelines run in the scaling table (they take minutes beyond it).
    var referenceMaxN = 100_000
    /// The largest n at which R and lifelines run the end-to-end job.
    var endToEndReferenceMaxN = 1_000_000
    /// Seconds after which a job is killed and reported as timed out.
    var timeout = 600.0

    /// The powers of ten from `minN` to `maxN`.
    var sizes: [Int] {
        var out: [Int] = []
        var n = minN
        while n <= maxN {
            out.append(n)
            n *= 10
        }
        return out
    }
}

/// A job of the scaling table: SurvQL statements after a `load`, and the same work in R and in
/// lifelines when there is an equivalent (nil otherwise).
struct ScalingJob {
    /// The row label: `load`, `survive`, `compare adjust`, ...
    var name: String
    /// Which generated input it reads.
    var input: Input
    /// SurvQL statements run after the load (empty for the load itself).
    var survql: String
    /// R code run after `d <- read.delim(F)` with survival attached; nil when R has no equivalent here.
    var r: String?
    /// Python code run after `d = pd.read_csv(F, sep="\t")` with `g` the 0/1 group; nil when none.
    var python: String?

    enum Input { case cohort, study }
}

/// The jobs of the scaling table, in table order. Each runs as its own process (load included),
/// so `net` = wall − the load job's wall is the statement's own cost.
let scalingJobs: [ScalingJob] = [
    ScalingJob(name: "load", input: .cohort, survql: "",
               r: "invisible(nrow(d))", python: "len(d)"),
    ScalingJob(name: "survive", input: .cohort, survql: "survive d by group time time event event",
               r: "print(survfit(Surv(time, event) ~ group, d))",
               python: "[KaplanMeierFitter().fit(s.time, s.event).median_survival_time_ for _, s in d.groupby('g')]"),
    ScalingJob(name: "compare", input: .cohort, survql: "compare d by group time time event event",
               r: "print(survdiff(Surv(time, event) ~ group, d)); print(summary(coxph(Surv(time, event) ~ group, d)))",
               python: "logrank(d); CoxPHFitter().fit(d[['time', 'event', 'g']], 'time', 'event').summary"),
    ScalingJob(name: "compare adjust", input: .cohort, survql: "compare d by group time time event event adjust age, ecog",
               r: "print(survdiff(Surv(time, event) ~ group, d)); print(summary(coxph(Surv(time, event) ~ group + age + ecog, d)))",
               python: "logrank(d); CoxPHFitter().fit(d[['time', 'event', 'g', 'age', 'ecog']], 'time', 'event').summary"),
    ScalingJob(name: "compare cluster", input: .cohort, survql: "compare d by group time time event event adjust age cluster cl",
               r: "print(survdiff(Surv(time, event) ~ group, d)); print(summary(coxph(Surv(time, event) ~ group + age, d, cluster = cl)))",
               python: "logrank(d); CoxPHFitter().fit(d[['time', 'event', 'g', 'age', 'cl']], 'time', 'event', cluster_col='cl').summary"),
    ScalingJob(name: "compare strata", input: .cohort, survql: "compare d by group time time event event strata site",
               r: "print(survdiff(Surv(time, event) ~ group + strata(site), d)); print(summary(coxph(Surv(time, event) ~ group + strata(site), d)))",
               python: "CoxPHFitter().fit(d[['time', 'event', 'g', 'site']], 'time', 'event', strata=['site']).summary"),
    ScalingJob(name: "match", input: .cohort, survql: "match d by arm == \"T\" ratio 10 exact site on age, ecog as m",
               r: "suppressPackageStartupMessages(library(MatchIt)); m <- matchit(I(arm == 'T') ~ age + ecog, data = d, exact = ~site, ratio = 10); print(summary(m)$nn)",
               python: nil),
    ScalingJob(name: "load study", input: .study, survql: "", r: nil, python: nil),
    ScalingJob(name: "prevalence", input: .study,
               survql: "prevalence s of fusion ALK, fusion RET, fusion NTRK1|NTRK2|NTRK3 by CANCER_TYPE", r: nil, python: nil),
]

/// The headline job: load + KM by group + log-rank + Cox with two covariates and concordance.
let endToEndJob = ScalingJob(
    name: "e2e", input: .cohort,
    survql: "survive d by group time time event event\ncompare d by group time time event event adjust age, ecog",
    r: "f <- survfit(Surv(time, event) ~ group, d); print(f); print(survdiff(Surv(time, event) ~ group, d)); print(summary(coxph(Surv(time, event) ~ group + age + ecog, d)))",
    python: "[KaplanMeierFitter().fit(s.time, s.event).median_survival_time_ for _, s in d.groupby('g')]; logrank(d); "
        + "c = CoxPHFitter().fit(d[['time', 'event', 'g', 'age', 'ecog']], 'time', 'event'); c.summary; c.concordance_index_")

/// Which reference tools are present, found once.
struct ReferenceTools {
    var rscript: String?
    var rVersion = ""
    /// R_LIBS pointing at MatchIt 4.7.2's library when it is installed.
    var rEnvironment: [String: String] = [:]
    var python: String?
    var lifelinesVersion = ""
    /// Why lifelines is not used, when it is not.
    var lifelinesMissing = ""

    static func find(r: Bool, lifelines: Bool) -> ReferenceTools {
        var t = ReferenceTools()
        if r, let rs = ChildProcess.which("Rscript") {
            t.rscript = rs
            // MatchIt 4.7.2 (the rule `match` follows), installed beside Debian's 4.5.1 by scripts/setup.sh.
            let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
            let libraries = [ProcessInfo.processInfo.environment["SURVQL_MATCHIT_LIB"], "/opt/R-matchit-4.7.2",
                             home + "/.cache/R-matchit-4.7.2"].compactMap { $0 }
            if let lib = libraries.first(where: { FileManager.default.fileExists(atPath: $0 + "/MatchIt") }) {
                t.rEnvironment = ["R_LIBS": lib]
            }
            t.rVersion = ChildProcess.output(rs, ["-e", "cat(R.version.string, '/ survival', as.character(packageVersion('survival')), '/ MatchIt', as.character(packageVersion('MatchIt')))"],
                                             environment: t.rEnvironment) ?? "R"
        }
        if lifelines {
            if let py = ChildProcess.which("python3"),
               let v = ChildProcess.output(py, ["-c", "import lifelines, pandas; print('lifelines', lifelines.__version__, '/ pandas', pandas.__version__)"]) {
                t.python = py
                t.lifelinesVersion = v
            } else {
                t.lifelinesMissing = "lifelines not installed (pip install lifelines): no lifelines columns"
            }
        }
        return t
    }
}

/// A measured job: SurvQL's child and, when run, R's and lifelines'.
struct JobResult {
    var job: String
    var n: Int
    var fileBytes: Int
    var survql: ChildMeasurement?
    var r: ChildMeasurement?
    var lifelines: ChildMeasurement?
}

/// Runs the scaling table and/or the end-to-end headline. Files are generated per size in a
/// temporary directory and removed after that size.
func processBenchmarks(options: ProcessBenchOptions, scaling: Bool, endToEnd: Bool) {
    let tools = ReferenceTools.find(r: options.compareR, lifelines: options.compareLifelines)
    print(benchmarkHeader())
    if let rs = tools.rscript { print("R: \(tools.rVersion) (\(rs))") }
    if options.compareLifelines { print(tools.python != nil ? "Python: \(tools.lifelinesVersion)" : tools.lifelinesMissing) }
    let survql = ChildProcess.survqlPath
    guard FileManager.default.isExecutableFile(atPath: survql) else {
        print("survql not found next to survql-bench (\(survql)); build it with swift build -c release --product survql")
        return
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-bench-scaling-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let scalingRefMax = options.referenceMaxN
    let e2eRefMax = options.endToEndReferenceMaxN

    var table: [JobResult] = []
    var headline: [JobResult] = []
    let e2eSizes = Set([1_000_000, 10_000_000])
    for n in options.sizes {
        let wantE2E = endToEnd && (e2eSizes.contains(n) || !scaling && n == options.sizes.last)
        guard scaling || wantE2E else { continue }
        let tsv = "\(dir)/cohort_\(n).tsv"
        progress("generating \(n) rows")
        let bytes = writeScalingCohort(path: tsv, rows: n)
        var studyBytes = 0
        let study = "\(dir)/study_\(n)"
        let jobs = scaling ? scalingJobs : []
        if jobs.contains(where: { $0.input == .study }) {
            progress("generating a study of \(n) patients")
            studyBytes = writeScalingStudy(directory: study, patients: n)
        }
        for job in jobs + (wantE2E ? [endToEndJob] : []) {
            let isStudy = job.input == .study
            let input = isStudy ? study : tsv
            let refs = job.name == "e2e" ? n <= e2eRefMax : n <= scalingRefMax
            progress("\(job.name) at n = \(n)")
            var result = JobResult(job: job.name, n: n, fileBytes: isStudy ? studyBytes : bytes)
            let load = isStudy ? "load \"\(input)\" as s" : "load \"\(input)\" as d id id"
            let statements = job.survql.isEmpty ? load : load + "\n" + job.survql
            result.survql = fastestOf3(ChildProcess.run(survql, ["-c", statements], timeout: options.timeout))
            if refs, let rs = tools.rscript, let code = job.r, !isStudy {
                let script = "\(dir)/job.R"
                let text = "suppressPackageStartupMessages(library(survival))\nd <- read.delim('\(input)')\n\(code)\n"
                try? text.write(toFile: script, atomically: false, encoding: .utf8)
                result.r = ChildProcess.run(rs, [script], timeout: options.timeout, environment: tools.rEnvironment)
            }
            if refs, let py = tools.python, let code = job.python, !isStudy {
                let script = "\(dir)/job.py"
                let text = """
                import pandas as pd
                from lifelines import KaplanMeierFitter, CoxPHFitter
                from lifelines.statistics import logrank_test
                d = pd.read_csv('\(input)', sep='\\t')
                d['g'] = (d['group'] == 'B').astype(int)
                def logrank(d):
                    a, b = d[d.g == 0], d[d.g == 1]
                    return logrank_test(a.time, b.time, a.event, b.event).p_value
                \(code)

                """
                try? text.write(toFile: script, atomically: false, encoding: .utf8)
                result.lifelines = ChildProcess.run(py, [script], timeout: options.timeout)
            }
            if job.name == "e2e" { headline.append(result) } else { table.append(result) }
        }
        try? FileManager.default.removeItem(atPath: tsv)
        try? FileManager.default.removeItem(atPath: study)
    }
    progress(nil)
    if scaling { printScalingTable(table, tools: tools, referenceMaxN: scalingRefMax) }
    if !headline.isEmpty {
        if scaling { print("") }
        printEndToEnd(headline, tools: tools)
    }
}

/// Runs a job once, and twice more when it took under 2 s (short runs are the noisy ones): the
/// fastest wall time, with the largest peak RSS of the runs. A failed run is returned as it is.
private func fastestOf3(_ run: @autoclosure () -> ChildMeasurement?) -> ChildMeasurement? {
    guard let first = run() else { return nil }
    guard first.succeeded, first.seconds < 2 else { return first }
    var best = first
    for _ in 0..<2 {
        guard let again = run(), again.succeeded else { continue }
        let peak = max(best.peakRSS, again.peakRSS)
        if again.seconds < best.seconds { best = again }
        best.peakRSS = peak
    }
    return best
}

/// Writes a progress line to standard error (erased by the next); nil ends it.
private func progress(_ text: String?) {
    guard isatty(2) != 0 else { return }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text.map { "survql-bench: \($0)…" } ?? "")).utf8))
}

private func seconds(_ m: ChildMeasurement?) -> String {
    guard let m else { return "—" }
    if m.timedOut { return "timeout" }
    if !m.succeeded { return "failed" }
    return m.seconds < 0.1 ? String(format: "%.3f", m.seconds) : String(format: "%.2f", m.seconds)
}

private func megabytes(_ m: ChildMeasurement?) -> String {
    guard let m, m.succeeded else { return "—" }
    return String(format: "%.0f", Double(m.peakRSS) / 1e6)
}

/// "12.3×" when both ran, else "—".
private func ratio(_ reference: ChildMeasurement?, _ survql: ChildMeasurement?) -> String {
    guard let reference, let survql, reference.succeeded, survql.succeeded else { return "—" }
    return String(format: "%.1f×", reference.seconds / max(survql.seconds, 1e-9))
}

/// log(t2/t1)/log(n2/n1): 1 is linear; n log n shows as a little above 1 between 10^k sizes.
private func exponent(_ t1: Double?, _ t2: Double?, _ n1: Int, _ n2: Int) -> String {
    guard let t1, let t2, t1 > 0, t2 > 0, n2 > n1 else { return "" }
    return String(format: "%.2f", log(t2 / t1) / log(Double(n2) / Double(n1)))
}

private func printScalingTable(_ results: [JobResult], tools: ReferenceTools, referenceMaxN: Int) {
    print("""
    Scaling: each job is a whole `survql -c` process on a generated file (load included); net = wall − \
    the load job's wall at that n; exp = log(t(10n)/t(n))/log 10 of wall and of net (1.0 linear, \
    ~1.1 n log n); peak RSS of the job's process (wait4).
    """)
    let withR = tools.rscript != nil, withPy = tools.python != nil
    var header = ["job", "n", "file MB", "wall s", "exp", "net s", "net exp", "peak MB", "RSS/file"]
    if withR { header += ["R s", "R MB", "R/SurvQL"] }
    if withPy { header += ["lifelines s", "lifelines MB", "lifelines/SurvQL"] }
    var rows: [[String]] = []
    func loadSeconds(_ n: Int, _ study: Bool) -> Double? {
        results.first { $0.n == n && $0.job == (study ? "load study" : "load") }?.survql.flatMap { $0.succeeded ? $0.seconds : nil }
    }
    for job in scalingJobs {
        let series = results.filter { $0.job == job.name }.sorted { $0.n < $1.n }
        var previous: (n: Int, wall: Double?, net: Double?)?
        for r in series {
            let ok = r.survql?.succeeded == true
            let wall = ok ? r.survql?.seconds : nil
            let isLoad = job.name.hasPrefix("load")
            let base = loadSeconds(r.n, job.input == .study)
            let net = isLoad ? wall : wall.flatMap { w in base.map { max(w - $0, 0) } }
            var row = [job.name, String(r.n), String(format: "%.1f", Double(r.fileBytes) / 1e6), seconds(r.survql),
                       previous.map { exponent($0.wall, wall, $0.n, r.n) } ?? "",
                       isLoad ? "" : net.map { String(format: "%.3f", $0) } ?? "—",
                       isLoad ? "" : previous.map { exponent($0.net, net, $0.n, r.n) } ?? "",
                       megabytes(r.survql),
                       ok ? String(format: "%.2f", Double(r.survql!.peakRSS) / Double(max(r.fileBytes, 1))) : "—"]
            if withR { row += [seconds(r.r), megabytes(r.r), ratio(r.r, r.survql)] }
            if withPy { row += [seconds(r.lifelines), megabytes(r.lifelines), ratio(r.lifelines, r.survql)] }
            rows.append(row)
            previous = (r.n, wall, net)
        }
    }
    print(renderTable(header, rows))
    if withR || withPy {
        print("R and lifelines run up to n = \(referenceMaxN) (--ref-max-n); — where a tool has no equivalent job.")
    }
}

private func printEndToEnd(_ results: [JobResult], tools: ReferenceTools) {
    print("End to end, whole processes: load + KM by group + log-rank + Cox (group, age, ecog) with concordance")
    let withR = tools.rscript != nil, withPy = tools.python != nil
    var header = ["n", "file MB", "SurvQL s", "SurvQL MB", "RSS/file"]
    if withR { header += ["R s", "R MB", "R/SurvQL"] }
    if withPy { header += ["lifelines s", "lifelines MB", "lifelines/SurvQL"] }
    var rows: [[String]] = []
    for r in results {
        let ok = r.survql?.succeeded == true
        var row = [String(r.n), String(format: "%.1f", Double(r.fileBytes) / 1e6), seconds(r.survql), megabytes(r.survql),
                   ok ? String(format: "%.2f", Double(r.survql!.peakRSS) / Double(max(r.fileBytes, 1))) : "—"]
        if withR { row += [seconds(r.r), megabytes(r.r), ratio(r.r, r.survql)] }
        if withPy { row += [seconds(r.lifelines), megabytes(r.lifelines), ratio(r.lifelines, r.survql)] }
        rows.append(row)
    }
    print(renderTable(header, rows))
}

// MARK: Generated inputs

/// Appends bytes to a file in 1 MiB chunks, so a 10^7-row file never sits in memory.
final class ChunkedFileWriter {
    private let file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    /// Bytes written so far.
    private(set) var count = 0

    init(path: String) {
        file = fopen(path, "w")
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Writes what is buffered and closes the file.
    func close() {
        flush()
        if let file { fclose(file) }
    }

    private func flush() {
        count += buffer.count
        if let file { buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) } }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes the scaling cohort and returns its size in bytes. Columns: id (`P0`…), time (whole
/// days, 1–240, ties), event (70%), group (A/B), age (40–84), ecog (0–3), site (S0–S4, the
/// strata), cl (about 5 patients per cluster), arm (`T` for 2.8% of patients, the treated of
/// the match, else `C`). Exponential times with hazard 0.02 × 1.5 (group B) × 1.01^(age−60) ×
/// 1.3^ecog, as /work/bench/gen.py; deterministic (SplitMix64).
func writeScalingCohort(path: String, rows n: Int, seed: UInt64 = 2024) -> Int {
    let out = ChunkedFileWriter(path: path)
    var rng = SplitMix64(seed: seed)
    out.write("id\ttime\tevent\tgroup\tage\tecog\tsite\tcl\tarm\n")
    let clusters = max(1, n / 5)
    for i in 0..<n {
        let g = rng.below(2)
        let age = 40 + rng.below(45)
        let ecog = rng.below(4)
        let hazard = 0.02 * (g == 1 ? 1.5 : 1) * pow(1.01, Double(age - 60)) * pow(1.3, Double(ecog))
        let t = min(240, max(1, Int((-log(rng.uniformPositive()) / hazard).rounded())))
        let event = rng.bernoulli(0.7) ? 1 : 0
        let site = rng.below(5)
        let cluster = rng.below(clusters)
        let treated = rng.bernoulli(0.028)
        out.write("P\(i)\t\(t)\t\(event)\t\(g == 1 ? "B" : "A")\t\(age)\t\(ecog)\tS\(site)\t\(cluster)\t\(treated ? "T" : "C")\n")
    }
    out.close()
    return out.count
}

/// Writes a minimal cBioPortal study of `patients` patients (one sample each) and returns its
/// size in bytes: meta_study, clinical patient (OS_MONTHS, OS_STATUS) and sample (CANCER_TYPE)
/// files with their meta files, and data_sv.txt with fusions in about 4% of samples (ALK, RET,
/// ROS1 and NTRK1/2/3 with their usual partners). No case lists, so every sample is profiled.
func writeScalingStudy(directory: String, patients n: Int, seed: UInt64 = 2025) -> Int {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var total = 0
    func small(_ name: String, _ text: String) {
        try? text.write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
        total += text.utf8.count
    }
    small("meta_study.txt", "type_of_cancer: mixed\ncancer_study_identifier: bench_\(n)\nname: Generated benchmark study (\(n) patients)\n")
    small("meta_clinical_patient.txt", "cancer_study_identifier: bench_\(n)\ngenetic_alteration_type: CLINICAL\ndatatype: PATIENT_ATTRIBUTES\ndata_filename: data_clinical_patient.txt\n")
    small("meta_clinical_sample.txt", "cancer_study_identifier: bench_\(n)\ngenetic_alteration_type: CLINICAL\ndatatype: SAMPLE_ATTRIBUTES\ndata_filename: data_clinical_sample.txt\n")
    small("meta_sv.txt", "cancer_study_identifier: bench_\(n)\ngenetic_alteration_type: STRUCTURAL_VARIANT\ndatatype: SV\nstable_id: structural_variants\nshow_profile_in_analysis_tab: true\nprofile_name: Structural variants\nprofile_description: Structural Variant Data\ndata_filename: data_sv.txt\n")
    let types = ["NSCLC", "Colorectal", "Breast", "Pancreatic", "Thyroid", "Sarcoma", "Melanoma", "Other"]
    let fusions: [(String, String, String)] = [
        ("EML4", "ALK", "INVERSION"), ("KIF5B", "RET", "INVERSION"), ("CD74", "ROS1", "TRANSLOCATION"),
        ("TPM3", "NTRK1", "TRANSLOCATION"), ("ETV6", "NTRK3", "TRANSLOCATION"), ("BCR", "NTRK2", "TRANSLOCATION"),
    ]
    var rng = SplitMix64(seed: seed)
    let patientsFile = ChunkedFileWriter(path: directory + "/data_clinical_patient.txt")
    let samplesFile = ChunkedFileWriter(path: directory + "/data_clinical_sample.txt")
    let sv = ChunkedFileWriter(path: directory + "/data_sv.txt")
    patientsFile.write("#Patient Identifier\tOverall Survival (Months)\tOverall Survival Status\n#Patient\tMonths\tStatus\n#STRING\tNUMBER\tSTRING\n#1\t1\t1\nPATIENT_ID\tOS_MONTHS\tOS_STATUS\n")
    samplesFile.write("#Sample Identifier\tPatient Identifier\tCancer Type\n#Sample\tPatient\tType\n#STRING\tSTRING\tSTRING\n#1\t1\t1\nSAMPLE_ID\tPATIENT_ID\tCANCER_TYPE\n")
    sv.write("Sample_Id\tSite1_Hugo_Symbol\tSite2_Hugo_Symbol\tClass\tEvent_Info\n")
    for i in 0..<n {
        let months = Double(1 + rng.below(1200)) / 10
        patientsFile.write("P-\(i)\t\(months)\t\(rng.bernoulli(0.6) ? "1:DECEASED" : "0:LIVING")\n")
        samplesFile.write("P-\(i)-T01\tP-\(i)\t\(types[rng.below(types.count)])\n")
        if rng.bernoulli(0.04) {
            let f = fusions[rng.below(fusions.count)]
            sv.write("P-\(i)-T01\t\(f.0)\t\(f.1)\t\(f.2)\t\(f.0)-\(f.1) fusion\n")
        }
    }
    for f in [patientsFile, samplesFile, sv] {
        f.close()
        total += f.count
    }
    return total
}
