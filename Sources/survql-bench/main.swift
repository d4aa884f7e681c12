// survql-bench: times SurvQL's statistics on deterministic synthetic cohorts and compares them
// with the reference implementation's timings.
//
//     swift run -c release survql-bench [--sizes 10000,100000,1000000]
//
// Each row is produced by a function `(n: Int, data: BenchData) -> [BenchRow]`; other parts of
// the statistics module add their rows by adding their function to `benchmarkGroups` below
// (e.g. `coxBenchmarks(n:data:)`).
import Foundation
import Survival

/// Kaplan–Meier and log-rank rows.
func survivalCurveBenchmarks(n: Int, data: BenchData) -> [BenchRow] {
    var rows: [BenchRow] = []
    var sink = 0.0
    let kmName = "Kaplan–Meier by group + median"
    let km = BenchTimer.medianSeconds {
        guard let curves = try? KaplanMeier.fitByGroup(time: data.time, event: data.event, group: data.group) else { return }
        for c in curves { sink += c.median.time ?? 0 }
    }
    rows.append(BenchRow(operation: kmName, n: n, seconds: km,
                         referenceSeconds: ReferenceTimings.seconds(kmName, n: n), referenceName: ReferenceTimings.rName))
    let lrName = "log-rank"
    let lr = BenchTimer.medianSeconds {
        sink += (try? LogRankTest.test(time: data.time, event: data.event, group: data.group))?.chiSquare ?? 0
    }
    rows.append(BenchRow(operation: lrName, n: n, seconds: lr,
                         referenceSeconds: ReferenceTimings.seconds(lrName, n: n), referenceName: ReferenceTimings.rName))
    if sink.isNaN { print("") }  // keeps the work observable to the optimizer
    return rows
}

/// Every benchmark group, in table order. Add new groups here.
let benchmarkGroups: [(Int, BenchData) -> [BenchRow]] = [
    survivalCurveBenchmarks,
    coxBenchmarks,
]

func parseSizes(_ arguments: [String]) -> [Int]? {
    guard let i = arguments.firstIndex(of: "--sizes"), i + 1 < arguments.count else { return nil }
    let sizes = arguments[i + 1].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    return sizes.isEmpty || sizes.contains(where: { $0 <= 0 }) ? nil : sizes
}

func formatSeconds(_ s: Double?) -> String {
    guard let s else { return "—" }
    return s < 0.01 ? String(format: "%.4f", s) : String(format: "%.3f", s)
}

func printTable(_ rows: [BenchRow]) {
    let header = ["operation", "n", "SurvQL s", "R s", "speed-up"]
    let body = rows.map { r -> [String] in
        let speedUp = r.referenceSeconds.map { String(format: "%.1f×", $0 / max(r.seconds, 1e-9)) } ?? "—"
        return [r.operation, String(r.n), formatSeconds(r.seconds), formatSeconds(r.referenceSeconds), speedUp]
    }
    var widths = header.map { $0.count }
    for line in body { for (j, cell) in line.enumerated() { widths[j] = max(widths[j], cell.count) } }
    func render(_ cells: [String]) -> String {
        cells.enumerated().map { j, cell in
            let pad = String(repeating: " ", count: widths[j] - cell.count)
            return j == 0 ? cell + pad : pad + cell
        }.joined(separator: "  ")
    }
    print(render(header))
    print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for line in body { print(render(line)) }
}

let arguments = CommandLine.arguments
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
    usage: survql-bench [stats|e2e|match|load|analysis|all] [--sizes 10000,100000,1000000]
      stats  Kaplan–Meier, log-rank and Cox on generated cohorts (default)
      e2e    load + survive + compare on a 10^6-patient TSV as a whole survql process, against Rscript
      match  propensity score + 1:10 matching + balance, 2,800 treated / 100,000 controls
      load   a generated 10^6-row, 20-column TSV: load time and peak memory
      analysis  completion, hover, schema and cancel-to-stop latencies of the analysis layer
      all    every group
    """)
    exit(0)
}
let mode = arguments.dropFirst().first { !$0.hasPrefix("-") && Int($0.split(separator: ",").first ?? "") == nil } ?? "stats"
if mode == "e2e" || mode == "all" {
    print("End to end, whole processes (wall clock)")
    printTable(endToEndBenchmarks())
    if mode == "e2e" { exit(0) }
    print("")
}
if mode == "match" || mode == "all" {
    print("Matching (reference: MatchIt 4.5.1 on this machine)")
    printTable(matchBenchmarks())
    if mode == "match" { exit(0) }
    print("")
}
if mode == "analysis" || mode == "all" {
    print("Analysis layer (run from the repository root)")
    analysisBenchmarks()
    if mode == "analysis" { exit(0) }
    print("")
}
if mode == "load" || mode == "all" {
    print("Loading a generated TSV (peak memory is the whole process's)")
    printTable(loadBenchmarks())
    if mode == "load" { exit(0) }
    print("")
}
if arguments.contains("--sizes") && parseSizes(arguments) == nil {
    FileHandle.standardError.write("survql-bench: --sizes needs a comma-separated list of positive integers\n".data(using: .utf8)!)
    exit(2)
}
let sizes = parseSizes(arguments) ?? [10_000, 100_000, 1_000_000]
var allRows: [BenchRow] = []
for n in sizes {
    let data = BenchData.generate(n: n)
    for group in benchmarkGroups { allRows += group(n, data) }
}
print("SurvQL benchmarks (median of 3 wall-clock runs, one core; reference: \(ReferenceTimings.rName))")
printTable(allRows)
