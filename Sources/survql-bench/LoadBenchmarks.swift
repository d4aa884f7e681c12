import Foundation
import SurvQLData
#if canImport(Glibc)
import Glibc
#endif

/// Loader benchmarks: a generated 10^6-row, 20-column TSV (ids, integers, decimals, categories)
/// loaded through `DataLoader.load`, and the demo cohort's generation.
///
/// The TSV is written in 1 MiB chunks to a temporary directory (so writing it does not raise the
/// process's peak memory), then timed over three loads (best
/// reported), single-threaded and then on two threads. CPU time and peak resident memory come from
/// `getrusage` and are reported in the operation name (peak RSS is per process, so the two-thread
/// figure is the larger of both runs).
/// References: pandas `read_csv` takes 0.68 s on 10^6 × 6 columns; R's `read.delim` 4.6 s.
func loadBenchmarks() -> [BenchRow] {
    var rows: [BenchRow] = []
    let n = 1_000_000
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("cohort.tsv").path
    let size = writeBenchmarkTSV(path: path, rows: n)
    let mb = Double(size) / 1e6
    // Single-threaded first, so the peak RSS reported for it is its own.
    for parallel in [false, true] {
        let rssBefore = peakRSSBytes()
        var best = Double.infinity
        var bestCPU = Double.infinity
        var loadedRows = 0
        for _ in 0..<3 {
            let cpuStart = cpuSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                let outcome = try DataLoader.load(path: path, parallel: parallel)
                loadedRows = outcome.dataset.patientCount
            } catch {
                print("load failed: \(error)")
                return rows
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
        }
        let peak = peakRSSBytes()
        rows.append(BenchRow(
            operation: String(format: "load TSV %d×20%@ (%.0f MB file, CPU %.2f s, peak RSS %.0f MB = %.2f× file%@)",
                              loadedRows, parallel ? " on 2 threads" : "", mb, bestCPU, Double(peak) / 1e6,
                              Double(peak) / Double(max(size, 1)),
                              peak > rssBefore || !parallel ? "" : "; not above the single-threaded peak"),
            n: loadedRows, seconds: best, referenceSeconds: 0.68, referenceName: "pandas read_csv 10^6×6"))
    }

    var demoBest = Double.infinity
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try? DataLoader.demo("ntrk")
        demoBest = min(demoBest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    rows.append(BenchRow(operation: "generate demo ntrk (25,000 patients)", n: 25_000, seconds: demoBest,
                         referenceSeconds: nil, referenceName: ""))
    return rows
}

/// User plus system CPU time of this process so far, in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// Peak resident set size of this process in bytes (`ru_maxrss` is KiB on Linux, bytes on macOS).
func peakRSSBytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) * 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss)
    #endif
}

/// Writes the benchmark TSV and returns its size in bytes. Columns: patient_id, sample_id,
/// 6 integers, 7 decimals (2–4 decimal places), 5 categories (4–12 levels).
func writeBenchmarkTSV(path: String, rows: Int) -> Int {
    guard let f = fopen(path, "w") else { return 0 }
    defer { fclose(f) }
    var rng = SplitMix64(seed: 2024)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20 + 4096)
    var total = 0
    func put(_ s: String) { buffer.append(contentsOf: s.utf8) }
    func flush() {
        total += buffer.count
        buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, f) }
        buffer.removeAll(keepingCapacity: true)
    }
    var header = ["patient_id", "sample_id"]
    header += (1...6).map { "int\($0)" } + (1...7).map { "num\($0)" } + (1...5).map { "cat\($0)" }
    put(header.joined(separator: "\t") + "\n")
    let cats: [[String]] = [
        ["NSCLC", "Colorectal", "Breast", "Pancreatic", "Melanoma", "Ovarian", "Thyroid", "Sarcoma", "Other", "Salivary", "Cholangio", "Prostate"],
        ["Female", "Male"], ["ever", "never", "unknown"], ["community", "academic"], ["I", "II", "III", "IV", "IVA", "IVB"],
    ]
    for r in 0..<rows {
        put("P-\(1_000_000 + r)\tS-\(r)-T01")
        for k in 0..<6 {
            let v = k == 0 ? 20 + rng.below(70) : rng.below(k == 1 ? 5 : 10_000)
            put("\t\(v)")
        }
        for k in 0..<7 {
            if rng.bernoulli(0.02) { put("\t"); continue }
            let whole = rng.below(k < 3 ? 100 : 1000)
            let frac = rng.below(k % 2 == 0 ? 100 : 10_000)
            put("\t\(whole).\(frac)")
        }
        for k in 0..<5 { put("\t" + cats[k][rng.below(cats[k].count)]) }
        put("\n")
        if buffer.count >= 1 << 20 { flush() }
    }
    flush()
    return total
}
