import Foundation
import Testing
import SurvQLData
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// Random statements, well-formed and mangled, run through a session on small generated tables
/// and a small real study, for a fixed time budget: `SURVQL_FUZZ_SECONDS` (10 by default;
/// scripts/test.sh sets 120 for CI). No crash, no hang (every run well under the per-run
/// limit), diagnostics capped, every diagnostic printable in bounded size, and the input files
/// unchanged. The seed is printed so a failure can be replayed with `SURVQL_FUZZ_SEED`.
@Suite struct EvaluatorFuzzTests {
    /// The project's one generator (SurvQLData's SplitMix64), seeded per run.
    typealias RNG = SplitMix64

    /// A small clinical table with numbers, text, booleans, missing values, infinities and ties.
    static func table(_ rng: inout RNG, rows: Int) -> String {
        var out = "id\tos_months\tos_status\tage\tstage\tsex\tsmoker\tscore\tsite\n"
        let stages = ["I", "II", "III", "IV", "NA", ""], sites = ["lung", "breast", "colon", "[Unknown]", "skin"]
        for i in 0..<rows {
            let time = ["\(Double(Int.random(in: 0...600, using: &rng)) / 10)", "NA", "0", "Inf", "1e309"].randomElement(using: &rng)!
            let status = ["0", "1", "1", "1:DECEASED", "0:LIVING", "NA"].randomElement(using: &rng)!
            let age = Bool.random(using: &rng) ? "\(Int.random(in: 18...95, using: &rng))" : ["NA", "-Inf", "150"].randomElement(using: &rng)!
            out += "P\(i)\t\(time)\t\(status)\t\(age)\t\(stages.randomElement(using: &rng)!)\t\(["F", "M", "NA"].randomElement(using: &rng)!)"
            out += "\t\(["true", "false", "NA"].randomElement(using: &rng)!)\t\(Double.random(in: -3...3, using: &rng))\t\(sites.randomElement(using: &rng)!)\n"
        }
        return out
    }

    static let columns = ["age", "stage", "sex", "smoker", "score", "site", "os_months", "os_status", "nope", "AGE", "`odd name`",
                          "CANCER_TYPE", "SEX", "TMB_NONSYNONYMOUS", "SAMPLE_TYPE"]
    static let values = ["1", "0", "50", "-1", "1e309", "\"I\"", "\"lung\"", "\"F\"", "true", "\"\"", "\"Non-Small Cell Lung Cancer\"", "2.5", "\"IV\""]
    static let alterations = ["fusion ALK", "fusion EML4::ALK", "fusion ::ALK", "fusion ALK::-", "fusion ALK|ROS1", "amp ERBB2", "homdel CDKN2A",
                              "mut KRAS", "mut KRAS G12C", "mut TP53", "gain MYC", "hetloss PTEN", "fusion NOPE"]
    static let ops = ["=", "!=", "<", "<=", ">", ">="]

    static func condition(_ rng: inout RNG, depth: Int = 0) -> String {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 8), using: &rng) {
        case 0, 1: return "\(columns.randomElement(using: &rng)!) \(ops.randomElement(using: &rng)!) \(values.randomElement(using: &rng)!)"
        case 2: return "\(columns.randomElement(using: &rng)!) \(Bool.random(using: &rng) ? "not " : "")in (\((0..<Int.random(in: 1...6, using: &rng)).map { _ in values.randomElement(using: &rng)! }.joined(separator: ", ")))"
        case 3: return "\(columns.randomElement(using: &rng)!) is \(Bool.random(using: &rng) ? "not " : "")missing"
        case 4: return alterations.randomElement(using: &rng)!
        case 5: return "not (\(condition(&rng, depth: depth + 1)))"
        case 6: return "\(condition(&rng, depth: depth + 1)) and \(condition(&rng, depth: depth + 1))"
        default: return "(\(condition(&rng, depth: depth + 1)) or \(condition(&rng, depth: depth + 1)))"
        }
    }

    static func statement(_ rng: inout RNG, cohorts: [String], out: String) -> String {
        let c = cohorts.randomElement(using: &rng)!
        let grouping = Bool.random(using: &rng) ? columns.randomElement(using: &rng)! : condition(&rng)
        switch Int.random(in: 0..<14, using: &rng) {
        case 0, 1: return "let k\(Int.random(in: 0..<6, using: &rng)) = \(c) where \(condition(&rng))"
        case 2: return "survive \(c)\(Bool.random(using: &rng) ? " by \(grouping)" : "")\(Bool.random(using: &rng) ? " at 6, 12" : "")"
        case 3: return "compare \(c) by \(grouping)\(Bool.random(using: &rng) ? " adjust age" : "")"
        case 4: return "prevalence \(c) of \(alterations.randomElement(using: &rng)!)\(Bool.random(using: &rng) ? " by \(columns.randomElement(using: &rng)!)" : "")"
        case 5: return "associate \(c) \(alterations.randomElement(using: &rng)!) with \(columns.randomElement(using: &rng)!)"
        case 6: return "describe \(c)"
        case 7: return "match \(c) by \(condition(&rng)) ratio \(Int.random(in: 1...3, using: &rng)) on age as m\(Int.random(in: 0..<3, using: &rng))"
        case 8: return "export \(Bool.random(using: &rng) ? "last" : c) to \"\(out)/o\(Int.random(in: 0..<4, using: &rng)).\(["tsv", "csv", "json", "xlsx"].randomElement(using: &rng)!)\"\(Bool.random(using: &rng) ? " overwrite" : "")"
        case 9: return "plot survival \(c) to \"\(out)/p.svg\" overwrite"
        case 10: return "set \(["confidence 0.9", "ties breslow", "conf_type plain", "level sample", "level patient", "seed 7"].randomElement(using: &rng)!)"
        case 11: return "survive \(c) time \(columns.randomElement(using: &rng)!) event \(columns.randomElement(using: &rng)!)"
        case 12: return "let k\(Int.random(in: 0..<6, using: &rng)) = \(c)"
        default: return "describe \(c)"
        }
    }

    /// Drops, repeats or swaps a few words, or inserts junk bytes, to reach error paths.
    static func mangle(_ s: String, _ rng: inout RNG) -> String {
        var words = s.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return s }
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: words.remove(at: Int.random(in: 0..<words.count, using: &rng))
        case 1: let i = Int.random(in: 0..<words.count, using: &rng); words.insert(words[i], at: i)
        case 2: words.swapAt(Int.random(in: 0..<words.count, using: &rng), Int.random(in: 0..<words.count, using: &rng))
        case 3: words.insert(["\u{0}", "((((", "\"", "`", "::", "--", ";", "\u{FEFF}", "é"].randomElement(using: &rng)!, at: Int.random(in: 0...words.count, using: &rng))
        default: words = words.map { String($0.reversed()) }
        }
        return words.joined(separator: " ")
    }

    static func checksum(_ path: String) -> Int {
        var h = Hasher()
        h.combine(FileManager.default.contents(atPath: path))
        return h.finalize()
    }

    @Test func randomStatementsNeverCrashHangOrFlood() throws {
        let env = ProcessInfo.processInfo.environment
        let budget = Double(env["SURVQL_FUZZ_SECONDS"] ?? "") ?? 10
        let seed = UInt64(env["SURVQL_FUZZ_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970)
        print("evaluator fuzz: seed \(seed), budget \(budget) s")
        var rng = RNG(seed: seed)
        let dir = HostileSessionTests.tempDir()
        let out = dir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for k in 0..<3 {
            let rows = [0, 1, 2, 7, 40, 200][Int.random(in: 0..<6, using: &rng)]
            FileManager.default.createFile(atPath: dir + "/t\(k).tsv", contents: Data(Self.table(&rng, rows: rows).utf8))
        }
        let study = packageRoot.path + "/../shared/data/nsclc_pd1_msk_2018"
        let inputs = (0..<3).map { dir + "/t\($0).tsv" } + ["data_sv.txt", "data_clinical_patient.txt", "data_mutations.txt"].map { study + "/" + $0 }
        let sums = inputs.map(Self.checksum)
        let start = Date()
        var runs = 0, statements = 0, errors = 0
        while Date().timeIntervalSince(start) < budget {
            let session = Session()
            session.workingDirectory = dir
            session.exporter = OutputFormat.exporter
            session.standardOutput = { _ in }
            // The demo cohort (25,000 patients) is slow in a debug build: one run in eight.
            var lines = ["load \"t\(Int.random(in: 0..<3, using: &rng)).tsv\" as t",
                         Int.random(in: 0..<8, using: &rng) == 0 ? "load demo ntrk as d" : "load \"t\(Int.random(in: 0..<3, using: &rng)).tsv\" as d"]
            if Int.random(in: 0..<4, using: &rng) == 0 { lines.append("load \"\(study)\" as s") }
            let cohorts = ["t", "t", "d", "s", "k0", "k1", "m0", "nope"]
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                var s = Self.statement(&rng, cohorts: cohorts, out: out)
                if Int.random(in: 0..<5, using: &rng) == 0 { s = Self.mangle(s, &rng) }
                lines.append(s)
            }
            let text = lines.joined(separator: Bool.random(using: &rng) ? "\n" : "; ")
            let t0 = Date()
            var shownErrors = 0, shownWarnings = 0
            _ = session.run(SourceFile(name: "fuzz.survql", text: text), keepGoing: Bool.random(using: &rng)) { event in
                guard case let .diagnostic(d, _) = event else { return }
                if d.severity == .error { shownErrors += 1 } else { shownWarnings += 1 }
                let printed = DiagnosticFormatter().format(d)
                if printed.utf8.count > 20_000 { Issue.record("a \(printed.utf8.count)-byte diagnostic for:\n\(text)") }
            }
            let elapsed = Date().timeIntervalSince(t0)
            if elapsed > 60 { Issue.record("a run took \(elapsed) s:\n\(text)") }
            #expect(shownErrors <= DiagnosticLimiter.maxErrors + 1)
            #expect(shownWarnings <= DiagnosticLimiter.maxWarnings + 1)
            runs += 1
            statements += lines.count
            errors += shownErrors
        }
        print("evaluator fuzz: \(runs) runs, \(statements) statements, \(errors) errors in \(Int(Date().timeIntervalSince(start))) s")
        #expect(runs > 0)
        #expect(inputs.map(Self.checksum) == sums, "an input file changed")
    }
}
