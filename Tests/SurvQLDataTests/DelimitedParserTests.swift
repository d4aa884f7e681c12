import Foundation
import SurvQLData
import SurvQLSyntax
import Testing

/// Loads `text` as a file named `name` and returns the patient table.
private func table(_ text: String, name: String = "t.tsv", id: String? = nil) throws -> Table {
    try DataLoader.load(path: TestSupport.write(name, text), idColumn: id).dataset.patients
}

/// Checks one column's type and displayed cells.
private func check(_ t: Table, _ column: String, _ type: ColumnType, _ cells: [String],
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let c = t.column(named: column) else {
        Issue.record("no column \(column)", sourceLocation: sourceLocation)
        return
    }
    #expect(c.type == type, sourceLocation: sourceLocation)
    #expect((0..<c.count).map { c.displayString(at: $0) } == cells, sourceLocation: sourceLocation)
}

@Test func csvQuotingWithDelimitersQuotesAndNewlines() throws {
    let t = try table("id,note,n\n1,\"a, b\",1\n2,\"say \"\"hi\"\"\",2\n3,\"two\nlines\",3\n", name: "q.csv")
    check(t, "note", .category, ["a, b", "say \"hi\"", "two\nlines"])
    check(t, "n", .integer, ["1", "2", "3"])
    #expect(t.rowCount == 3)
}

@Test func crlfAndBOM() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("PATIENT_ID\tAGE\r\nP1\t50\r\nP2\t61.5\r\n".utf8)
    let path = TestSupport.write("crlf.tsv", bytes: bytes)
    let ds = try DataLoader.load(path: path).dataset
    #expect(ds.patientIdColumn == "PATIENT_ID")
    #expect(ds.patientIds == ["P1", "P2"])
    check(ds.patients, "age", .number, ["50", "61.5"])
}

@Test func typeInference() throws {
    let text = """
    id\tint\tnum\tflag\tday\tcat\tzip\tmixed\tempty
    a\t1\t1.5\tTRUE\t2020-01-31\tStage 10\t007\t1\t
    b\t-2\t2e3\tfalse\t2021-02-28\tStage 2\t010\tx\tNA
    c\tNA\t\tyes\t[Not Available]\tStage 2\t011\t3\t
    """
    let t = try table(text)
    check(t, "int", .integer, ["1", "-2", "NA"])
    check(t, "num", .number, ["1.5", "2000", "NA"])
    check(t, "flag", .boolean, ["true", "false", "true"])
    check(t, "day", .date, ["2020-01-31", "2021-02-28", "NA"])
    // Natural order: Stage 2 before Stage 10.
    check(t, "cat", .category, ["Stage 10", "Stage 2", "Stage 2"])
    #expect(t.column(named: "cat")?.levels == ["Stage 2", "Stage 10"])
    // Leading zeros mark identifiers, and a late text value turns a numeric column into text.
    check(t, "zip", .category, ["007", "010", "011"])
    check(t, "mixed", .category, ["1", "x", "3"])
    #expect(t.column(named: "empty")?.missingCount == 3)
    #expect(t.column(named: "day")?.number(at: 0) == 18292)
}

@Test func manyDistinctValuesMakeAStringColumn() throws {
    var text = "id\tname\n"
    for i in 0..<300 { text += "r\(i)\tname-\(i)\n" }
    let t = try table(text)
    #expect(t.column(named: "name")?.type == .string)
    #expect(t.column(named: "NAME")?.levels.first == "name-0")
}

@Test func rowNumbersWhenNoIdColumn() throws {
    let outcome = try DataLoader.load(path: TestSupport.write("noid.tsv", "x\ty\n1\t2\n3\t4\n"))
    #expect(outcome.dataset.patientIds == ["1", "2"])
    #expect(outcome.dataset.patientIdColumn == nil)
    #expect(outcome.warnings.contains { $0.id == "data.rowNumbersAsIds" })
    let explicit = try DataLoader.load(path: TestSupport.write("withid.tsv", "x\ty\n1\t2\n3\t4\n"), idColumn: "Y")
    #expect(explicit.dataset.patientIds == ["2", "4"])
}

@Test func columnLookupSuggestionsSubsetAndAppend() throws {
    let t = try table("PATIENT_ID\tECOG\tAGE\nA\t0\t50\nB\t1\t60\nC\t2\t70\n")
    #expect(t.column(named: "ecog") != nil)
    #expect(t.column(named: "ecgo") == nil)
    #expect(t.suggestions(for: "ecgo") == ["ECOG"])
    #expect(NameMatcher.nearest(to: "agee", in: t.columnNames) == ["AGE"])
    let sub = t.selecting(rows: [2, 0])
    check(sub, "age", .integer, ["70", "50"])
    let weight = Column(name: "weight", values: [1, 0.5, 2])
    let bigger = try t.appending([weight])
    #expect(bigger.columnNames == ["PATIENT_ID", "ECOG", "AGE", "weight"])
    #expect(bigger.columns[1] === t.columns[1])
    #expect(throws: DiagnosticError.self) { try t.appending([Column(name: "w", values: [1])]) }
}

@Test func fastDecimalMatchesStrtod() {
    var rng = SplitMix64(seed: 42)
    var texts = ["0", "-0", "1", "0.1", "0.3", "123456789012345678", "1234567890123456789012", "9007199254740993",
                 "1e22", "1e23", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308", "0.000001234",
                 "3.141592653589793238462643383279", "1e-400", "12.", ".5", "+7", "-1.5E+3", "17.74648481"]
    for _ in 0..<20_000 {
        let digits = 1 + rng.below(20)
        var s = rng.bernoulli(0.3) ? "-" : ""
        for k in 0..<digits {
            s += String(rng.below(10))
            if k == rng.below(digits) && !s.contains(".") { s += "." }
        }
        if rng.bernoulli(0.2) { s += "e" + String(rng.below(40) - 20) }
        texts.append(s)
    }
    for t in texts {
        let mine = FastDecimal.parse(t)
        let reference = strtod(t, nil)
        #expect(mine?.bitPattern == reference.bitPattern, "\(t)")
    }
    for bad in ["", "-", ".", "1e", "1e+", "abc", "1.2.3", "1,5", " 1", "0x10", "nan", "infinit", "inff", "Inf1", "i", "-in"] {
        #expect(FastDecimal.parse(bad) == nil, "\(bad)")
    }
    // As in R, Inf and Infinity (any case, any sign) are infinite, like numbers too large for a double.
    for (text, value) in [("Inf", Double.infinity), ("inf", .infinity), ("-Inf", -.infinity), ("+INF", .infinity),
                          ("Infinity", .infinity), ("-infinity", -.infinity), ("1e309", .infinity), ("-1e309", -.infinity)] {
        #expect(FastDecimal.parse(text) == value, "\(text)")
    }
}

@Test func naturalOrder() {
    let sorted = ["IV", "Stage 10", "Stage 2", "a2b", "a10b", "III"].sorted(by: NaturalOrder.less)
    #expect(sorted == ["III", "IV", "Stage 2", "Stage 10", "a2b", "a10b"])
}

@Test func rowSetAlgebra() {
    let a = RowSet(universe: 130, rows: [1, 5, 64, 129])
    let b = RowSet(universe: 130, rows: [5, 6, 129])
    #expect(a.union(b).rows == [1, 5, 6, 64, 129])
    #expect(a.intersection(b).rows == [5, 129])
    #expect(a.subtracting(b).rows == [1, 64])
    #expect(a.complement().count == 126)
    #expect(RowSet.all(universe: 130).count == 130)
    #expect(!a.contains(500))
}

@Test func twoThreadParseMatchesOneThread() throws {
    // About 9 MB, so the parallel path splits it. `late` is missing in the first half and numeric
    // in the second; `mixed` is an integer until a text cell near the end; ids stay unique.
    var text = "id\tlate\tmixed\tcat\tnum\n"
    let n = 250_000
    for i in 0..<n {
        let late = i < n / 2 ? "NA" : String(i % 7)
        let mixed = i == n - 3 ? "x" : String(i % 100)
        // a stray trailing delimiter late in the file: one note, on its line
        let extra = i == n - 10 ? "\t" : ""
        text += "ID-\(i)-padding-to-make-it-big\t\(late)\t\(mixed)\t\(["a", "b", "c"][i % 3])\t\(Double(i) / 8)\(extra)\n"
    }
    let path = TestSupport.write("big.tsv", text)
    let oneOutcome = try DataLoader.load(path: path, parallel: false)
    let twoOutcome = try DataLoader.load(path: path, parallel: true)
    let one = oneOutcome.dataset.patients
    let two = twoOutcome.dataset.patients
    #expect(oneOutcome.warnings.map(\.message) == twoOutcome.warnings.map(\.message))
    #expect(oneOutcome.warnings.contains { $0.id == "data.trailingDelimiter" })
    #expect(one.rowCount == n && two.rowCount == n)
    for (a, b) in zip(one.columns, two.columns) {
        #expect(a.type == b.type, "\(a.name)")
        #expect(a.levels == b.levels, "\(a.name)")
        for row in [0, 1, n / 2 - 1, n / 2, n / 2 + 1, n - 3, n - 1] {
            #expect(a.displayString(at: row) == b.displayString(at: row), "\(a.name) row \(row)")
        }
    }
    #expect(two.column(named: "late")?.type == .integer)
    #expect(two.column(named: "mixed")?.type == .category)
    // A bad row in the second half is reported on its true line.
    let bad = text + "ID-x\t1\n"
    let badPath = TestSupport.write("bad-big.tsv", bad)
    do {
        _ = try DataLoader.load(path: badPath, parallel: true)
        Issue.record("expected a column-count error")
    } catch let e as DiagnosticError {
        if case let .data(_, line, _, _)? = e.diagnostics.first?.location { #expect(line == n + 2) }
    }
}

@Test func batchedRecordsMatchRecordByRecordParsing() throws {
    // Simple records (one line, no quotes, the header's field count) are parsed in batches;
    // quoting every field sends each record through the general tokenizer instead. Both must
    // give the same table and the same diagnostics (by id and line).
    let cells = ["", " ", "1", "007", "-2.5", "1e3", "NA", "[Not Available]", "yes", "no", "2020-01-05",
                 "abc", " x ", "a\rb", "TRUE", "3.0", "12", "4", "x y"]
    var rng = SplitMix64(seed: 7)
    for round in 0..<60 {
        let ncol = 2 + rng.below(4)
        // Columns draw from a few cells each, so that types other than text survive.
        let pools = (0..<ncol).map { _ in (0..<(1 + rng.below(3))).map { _ in cells[rng.below(cells.count)] } }
        var plain = (0..<ncol).map { "c\($0)" }.joined(separator: "\t") + "\n"
        var quoted = plain
        let rows = rng.below(3) == 0 ? rng.below(5) : 60 + rng.below(200)
        for r in 0..<rows {
            var fields = (0..<ncol).map { pools[$0][rng.below(pools[$0].count)] }
            if rng.bernoulli(0.01) { fields.removeLast() }  // a short row: an error either way
            var extra = ""
            if rng.bernoulli(0.02) { extra = "\t" }         // a stray trailing delimiter
            let end = r == rows - 1 && rng.bernoulli(0.3) ? "" : (rng.bernoulli(0.2) ? "\r\n" : "\n")
            let blank = rng.bernoulli(0.03) ? (rng.bernoulli(0.5) ? "\n" : "\r\n") : ""
            plain += fields.joined(separator: "\t") + extra + end + blank
            quoted += fields.map { "\"\($0)\"" }.joined(separator: "\t") + extra + end + blank
        }
        func outcome(_ text: String, _ name: String) -> (Table?, [String]) {
            do {
                let o = try DataLoader.load(path: TestSupport.write(name, text))
                return (o.dataset.patients, o.warnings.map { d in
                    if case let .data(_, line, _, _) = d.location { return "\(d.id)@\(line)" }
                    return d.id
                })
            } catch let e as DiagnosticError {
                return (nil, e.diagnostics.map { d in
                    if case let .data(_, line, _, _) = d.location { return "\(d.id)@\(line)" }
                    return d.id
                })
            } catch {
                return (nil, ["\(error)"])
            }
        }
        let (a, aDiagnostics) = outcome(plain, "plain-\(round).tsv")
        let (b, bDiagnostics) = outcome(quoted, "quoted-\(round).tsv")
        #expect(aDiagnostics == bDiagnostics, "round \(round)")
        #expect((a == nil) == (b == nil), "round \(round)")
        guard let a, let b else { continue }
        #expect(a.rowCount == b.rowCount, "round \(round)")
        for (x, y) in zip(a.columns, b.columns) {
            #expect(x.type == y.type, "round \(round) \(x.name)")
            #expect(x.levels == y.levels, "round \(round) \(x.name)")
            #expect((0..<x.count).map { x.displayString(at: $0) } == (0..<y.count).map { y.displayString(at: $0) },
                    "round \(round) \(x.name)")
        }
    }
}

@Test func twoThreadPipelineHandsOverRecordsThatAreNotSimple() throws {
    // About 10 MB, so the two-thread path runs: one thread tokenizes and hands batches to the
    // other. Quoted fields (with a tab or a line break inside), blank lines, CRLF endings and a
    // stray trailing delimiter appear all through the file, so both threads must step over each
    // such record alike; several columns turn to text late, whichever thread owns them.
    var text = "id\tq\tn1\tn2\tt1\tt2\tcat\n"
    let n = 200_000
    var rng = SplitMix64(seed: 17)
    for i in 0..<n {
        var q = String(i % 13)
        if rng.bernoulli(0.002) { q = "\"a\tb\"" }
        if rng.bernoulli(0.001) { q = "\"line\nbreak\"" }
        let t1 = i == n - 5 ? "late" : String(i % 1000)
        let t2 = i == n / 3 ? "x" : String(Double(i) / 4)
        let extra = i == n / 2 ? "\t" : ""
        let end = rng.bernoulli(0.01) ? "\r\n" : "\n"
        let blank = rng.bernoulli(0.003) ? "\n" : ""
        text += "ID-\(i)-padding-to-grow-the-file\t\(q)\t\(i % 97)\t\(Double(i % 1000) / 8)\t\(t1)\t\(t2)\t\(["u", "v", "w"][i % 3])\(extra)\(end)\(blank)"
    }
    let path = TestSupport.write("pipeline.tsv", text)
    let oneOutcome = try DataLoader.load(path: path, parallel: false)
    let twoOutcome = try DataLoader.load(path: path, parallel: true)
    let one = oneOutcome.dataset.patients
    let two = twoOutcome.dataset.patients
    #expect(oneOutcome.warnings.map(\.message) == twoOutcome.warnings.map(\.message))
    #expect(one.rowCount == n && two.rowCount == n)
    #expect(one.columns.map(\.type) == two.columns.map(\.type))
    for (a, b) in zip(one.columns, two.columns) {
        #expect(a.levels == b.levels, "\(a.name)")
        var same = true
        for row in 0..<n where a.displayString(at: row) != b.displayString(at: row) { same = false; break }
        #expect(same, "\(a.name)")
    }
    #expect(two.column(named: "t1")?.type == .string || two.column(named: "t1")?.type == .category)
    #expect(two.column(named: "q")?.levels.contains("line\nbreak") == true)
}
