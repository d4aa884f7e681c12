import Foundation
import SurvQLData

/// Whole-process benchmark (the runtime issue's bar): load a generated 10^6-patient TSV,
/// `survive` by group and `compare` by group with two adjustment covariates, as one `survql`
/// process, against R doing the same (read.delim, survfit, survdiff, coxph) as one Rscript
/// process. Prints both wall-clock times.
func endToEndBenchmarks(n: Int = 1_000_000) -> [BenchRow] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-e2e-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let tsv = dir.appendingPathComponent("cohort.tsv").path
    var rng = SplitMix64(seed: 2024)
    var text = "id\ttime\tevent\tgroup\tage\tecog\n"
    text.reserveCapacity(n * 32)
    for i in 0..<n {
        let g = rng.next() % 2
        let age = 40 + Int(rng.next() % 45)
        let ecog = Int(rng.next() % 4)
        let hazard = 0.02 * (g == 1 ? 1.5 : 1) * pow(1.01, Double(age - 60)) * pow(1.3, Double(ecog))
        let t = max(1, Int((-log(max(rng.uniform(), 1e-12)) / hazard).rounded()))
        let event = rng.uniform() < 0.7 ? 1 : 0
        text += "P\(i)\t\(min(t, 240))\t\(event)\t\(g == 1 ? "B" : "A")\t\(age)\t\(ecog)\n"
    }
    try? text.write(toFile: tsv, atomically: false, encoding: .utf8)
    let query = "load \"\(tsv)\" as d id id\nsurvive d by group time time event event\ncompare d by group time time event event adjust age, ecog\n"
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("survql").path
    var rows: [BenchRow] = []
    let survqlSeconds = timeProcess(exe, ["-c", query])
    let r = "d <- read.delim('\(tsv)'); suppressPackageStartupMessages(library(survival)); f <- survfit(Surv(time, event) ~ group, d); print(f); print(survdiff(Surv(time, event) ~ group, d)); print(summary(coxph(Surv(time, event) ~ group + age + ecog, d)))"
    let rScript = dir.appendingPathComponent("bench.R").path
    try? r.write(toFile: rScript, atomically: false, encoding: .utf8)
    let rSeconds = FileManager.default.isExecutableFile(atPath: "/usr/bin/Rscript") ? timeProcess("/usr/bin/Rscript", [rScript]) : nil
    rows.append(BenchRow(operation: "load TSV + survive + compare (2 covariates), whole process", n: n,
                         seconds: survqlSeconds ?? .nan, referenceSeconds: rSeconds, referenceName: "Rscript (measured now)"))
    return rows
}

/// Wall-clock seconds of a child process, nil when it cannot start or fails.
func timeProcess(_ path: String, _ args: [String]) -> Double? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    let start = DispatchTime.now().uptimeNanoseconds
    do { try p.run() } catch { return nil }
    p.waitUntilExit()
    let end = DispatchTime.now().uptimeNanoseconds
    return p.terminationStatus == 0 ? Double(end - start) / 1e9 : nil
}
