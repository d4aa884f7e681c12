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

/// Whether tables are printed as Markdown (`--markdown`), for the README's speed section.
nonisolated(unsafe) var markdownTables = false

/// A table with a header row: aligned columns (the first left-aligned, the rest right-aligned),
/// or a Markdown table when `markdownTables` is on.
func renderTable(_ header: [String], _ body: [[String]]) -> String {
    if markdownTables {
        let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined())
        for row in body { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
    var widths = header.map { $0.count }
    for line in body { for (j, cell) in line.enumerated() where j < widths.count { widths[j] = max(widths[j], cell.count) } }
    func render(_ cells: [String]) -> String {
        cells.enumerated().map { j, cell in
            let pad = String(repeating: " ", count: max(0, widths[j] - cell.count))
            return j == 0 ? cell + pad : pad + cell
        }.joined(separator: "  ")
    }
    var lines = [render(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    lines += body.map(render)
    return lines.joined(separator: "\n")
}

func printTable(_ rows: [BenchRow]) {
    let header = ["operation", "n", "SurvQL s", "R s", "speed-up"]
    let body = rows.map { r -> [String] in
        let speedUp = r.referenceSeconds.map { String(format: "%.1f×", $0 / max(r.seconds, 1e-9)) } ?? "—"
        return [r.operation, String(r.n), formatSeconds(r.seconds), formatSeconds(r.referenceSeconds), speedUp]
    }
    print(renderTable(header, body))
}

/// The value after `flag` as a positive integer (`1e6` and `10^6` accepted), nil when absent;
/// exits with a usage error when it is not one.
func integerOption(_ flag: String, _ arguments: [String]) -> Int? {
    guard let i = arguments.firstIndex(of: flag) else { return nil }
    let text = i + 1 < arguments.count ? arguments[i + 1].replacingOccurrences(of: "_", with: "") : ""
    var value: Int?
    if let v = Int(text) { value = v }
    else if let e = text.range(of: "10^"), e.lowerBound == text.startIndex, let p = Int(text[e.upperBound...]), (0...12).contains(p) {
        value = (0..<p).reduce(1) { acc, _ in acc * 10 }
    } else if let d = Double(text), d.isFinite, d >= 1, d <= 1e12, d == d.rounded() { value = Int(d) }
    guard let value, value > 0 else {
        FileHandle.standardError.write("survql-bench: \(flag) needs a positive integer (e.g. 1000000 or 1e6)\n".data(using: .utf8)!)
        exit(2)
    }
    return value
}

let arguments = CommandLine.arguments
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
    usage: survql-bench [stats|e2e|scaling|startup|match|load|analysis|all] [options]
      stats     Kaplan–Meier, log-rank and Cox on generated cohorts (default)
      e2e       the whole process (load + KM by group + log-rank + Cox with 2 covariates and
                concordance) at 10^6 and 10^7 as child processes: wall time and peak RSS of
                SurvQL, R (read.delim + survfit + survdiff + coxph; on by default here) and
                lifelines, and the ratios
      scaling   (or --scaling) load, survive, compare (plain, adjust, cluster, strata), match and
                prevalence at 10^4 … 10^7, each a separate survql process: wall, peak RSS,
                RSS/file size and the growth exponent between sizes; with e2e at 10^6 and 10^7
      startup   REPL start-up in a pseudo-terminal: to the first prompt, load demo, survive
      match     propensity score + 1:10 matching + balance, 2,800 treated / 100,000 controls
      load      a generated 10^6-row, 20-column TSV: load time and peak memory
      analysis  completion, hover, schema and cancel-to-stop latencies of the analysis layer
      all       stats, e2e, match, analysis and load
    options:
      --sizes 10000,100000     sizes of the stats tables
      --max-n N                largest n of scaling and e2e (default 10^7); --min-n N (default 10^4)
      --compare-r              run the same jobs in R (Rscript, survival, MatchIt) and print ratios
      --compare-lifelines      run the same jobs in Python lifelines + pandas, when importable
      --ref-max-n N            largest n at which R and lifelines run in the scaling table
                               (default 10^5); --e2e-ref-max-n N the same for e2e (default 10^6)
      --timeout S              kill a job after S seconds (default 600)
      --markdown               print tables as Markdown
    """)
    exit(0)
}
markdownTables = arguments.contains("--markdown")
let optionsWithValues: Set<String> = ["--sizes", "--max-n", "--min-n", "--ref-max-n", "--e2e-ref-max-n", "--timeout"]
let positional = arguments.dropFirst().enumerated().filter { i, a in
    !a.hasPrefix("-") && !(i > 0 && optionsWithValues.contains(arguments[i]))
}.map(\.element)
let mode = arguments.contains("--scaling") ? "scaling" : positional.first ?? "stats"
let knownModes: Set<String> = ["stats", "e2e", "scaling", "startup", "match", "load", "analysis", "all"]
if !knownModes.contains(mode) {
    FileHandle.standardError.write("survql-bench: unknown mode '\(mode)'; see --help\n".data(using: .utf8)!)
    exit(2)
}
var processOptions = ProcessBenchOptions()
processOptions.maxN = integerOption("--max-n", arguments) ?? processOptions.maxN
processOptions.minN = integerOption("--min-n", arguments) ?? processOptions.minN
processOptions.referenceMaxN = integerOption("--ref-max-n", arguments) ?? processOptions.referenceMaxN
processOptions.endToEndReferenceMaxN = integerOption("--e2e-ref-max-n", arguments) ?? processOptions.endToEndReferenceMaxN
processOptions.timeout = Double(integerOption("--timeout", arguments) ?? 600)
processOptions.compareR = arguments.contains("--compare-r")
processOptions.compareLifelines = arguments.contains("--compare-lifelines")
if mode == "startup" {
    startupBenchmarks()
    exit(0)
}
if mode == "scaling" {
    processBenchmarks(options: processOptions, scaling: true, endToEnd: true)
    exit(0)
}
if mode == "e2e" || mode == "all" {
    // e2e compares with R unless only lifelines was asked for (as it always did).
    if !processOptions.compareLifelines { processOptions.compareR = true }
    if mode == "all" { processOptions.maxN = min(processOptions.maxN, 1_000_000) }
    processBenchmarks(options: processOptions, scaling: false, endToEnd: true)
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
