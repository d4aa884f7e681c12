import Foundation
import Testing
import SurvQLData
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// Hostile input through a session: floods of diagnostics are capped and merged, alterations
/// on data without them are errors, infinite values follow R, and derived cohorts are views.
@Suite struct HostileSessionTests {
    struct Outcome {
        var results: [StatementResult] = []
        var diagnostics: [Diagnostic] = []
        var summary: RunSummary?
        var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    static func run(_ text: String, in dir: String? = nil, keepGoing: Bool = false, session: Session = Session()) -> Outcome {
        session.workingDirectory = dir ?? packageRoot.path
        session.exporter = OutputFormat.exporter
        session.figureRenderer = OutputFormat.figureRenderer
        var out = Outcome()
        out.summary = session.run(SourceFile(name: "t.survql", text: text), keepGoing: keepGoing) { event in
            switch event {
            case let .result(r): out.results.append(r)
            case let .diagnostic(d, _): out.diagnostics.append(d)
            }
        }
        return out
    }

    static func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("survql-hostile-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static let table = "id\tos_months\tos_status\tage\tstage\n1\t3\t1\t50\tI\n2\t8\t0\t61\tII\n3\t12\t1\t70\tIII\n4\t5\t0\t45\tI\n"

    // MARK: Floods

    @Test(arguments: [10, 100, 10_000])
    func membershipOfUnknownValuesIsOneWarning(values: Int) {
        let list = (0..<values).map { "\"v\($0)\"" }.joined(separator: ", ")
        let o = Self.run("load demo ntrk as r\nlet x = r where cancer_type in (\(list))")
        let noSuch = o.warnings.filter { $0.id == "run.noSuchValue" }
        #expect(noSuch.count == 1)
        #expect(noSuch.first?.message.contains("\(values - 1) more like it") == true)
        #expect((noSuch.first?.notes.count ?? 0) <= DiagnosticLimiter.examplesPerKind)
        let bytes = DiagnosticFormatter().format(o.diagnostics).utf8.count
        #expect(bytes < 4_000, "stderr for \(values) unknown values: \(bytes) bytes")
    }

    @Test func threeRepeatsAreNotMerged() {
        let o = Self.run("load demo ntrk as r\nlet x = r where cancer_type in (\"a\", \"b\", \"c\")")
        #expect(o.warnings.filter { $0.id == "run.noSuchValue" }.count == 3)
    }

    @Test(arguments: [60, 500, 5_000])
    func errorsAreCappedPerRun(statements: Int) {
        let text = (0..<statements).map { "describe nope\($0)" }.joined(separator: "\n")
        let o = Self.run(text, keepGoing: true)
        #expect(o.errors.count == DiagnosticLimiter.maxErrors + 1)
        #expect(o.errors.last?.id == "run.tooManyErrors")
        #expect(o.summary?.stoppedEarly == true)
    }

    @Test func runtimeErrorsAreCappedWithKeepGoing() {
        let text = "load demo ntrk as r\n" + (0..<300).map { _ in "survive r by no_such_column" }.joined(separator: "\n")
        let o = Self.run(text, keepGoing: true)
        #expect(o.errors.count <= DiagnosticLimiter.maxErrors + 1)
        #expect(o.errors.last?.id == "run.tooManyErrors")
    }

    @Test func warningsAreCappedPerRunWithASummary() {
        let text = "load demo ntrk as r\n" + (0..<400).map { "let x\($0) = r where cancer_type = \"zz\"" }.joined(separator: "\n")
        let o = Self.run(text)
        #expect(o.warnings.count == DiagnosticLimiter.maxWarnings + 1)
        #expect(o.warnings.last?.id == "run.warningsNotShown")
        #expect(o.errors.isEmpty)
    }

    // MARK: Alterations on data without them

    @Test(arguments: [
        ("prevalence t of fusion ALK", "structural-variant"),
        ("prevalence t of amp ERBB2", "copy-number"),
        ("prevalence t of mut KRAS", "mutation"),
        ("survive t by fusion ALK", "structural-variant"),
        ("compare t by mut KRAS G12C", "mutation"),
        ("let p = t where fusion ALK", "structural-variant"),
        ("let p = t where age > 50 and homdel CDKN2A", "copy-number"),
        ("associate t fusion ALK with age", "structural-variant"),
    ])
    func alterationOnAPlainTableIsAnError(statement: String, kind: String) {
        let dir = Self.tempDir()
        FileManager.default.createFile(atPath: dir + "/t.tsv", contents: Data(Self.table.utf8))
        let o = Self.run("load \"t.tsv\" as t\n\(statement)", in: dir)
        let e = o.errors.first
        #expect(e?.id == "run.noAlterationData", "\(statement)")
        #expect(e?.message.contains(kind) == true, "\(e?.message ?? "")")
        #expect(e?.sourceRange != nil)
        #expect(o.results.count == 1, "only the load succeeded")
    }

    @Test func alterationOnAStudyWithThatDataIsFine() {
        let o = Self.run("load \"../shared/data/nsclc_pd1_msk_2018\" as s\nprevalence s of fusion ALK, mut KRAS, amp ERBB2")
        #expect(o.errors.isEmpty, "\(o.errors)")
    }

    @Test func fusionOnAStudyWithoutSVData() {
        // msk_impact_2017 names mutation and CNA files it does not ship: those kinds have no data.
        let o = Self.run("load \"../shared/data/msk_impact_2017\" as s\nprevalence s of mut KRAS")
        #expect(o.errors.first?.id == "run.noAlterationData")
    }

    // MARK: Numbers at the edges

    @Test(arguments: [
        (["3", "8", "1e309"], "8"), (["3", "8", "Inf"], "8"), (["3", "8", "inf"], "8"),
        (["-Inf", "3", "8"], "3"), (["3", "Infinity", "8", "2"], "5.50"),
    ])
    func medianFollowsR(values: [String], median: String) throws {
        let dir = Self.tempDir()
        let text = "id\tt\n" + values.enumerated().map { "\($0.offset + 1)\t\($0.element)" }.joined(separator: "\n") + "\n"
        FileManager.default.createFile(atPath: dir + "/t.tsv", contents: Data(text.utf8))
        let o = Self.run("load \"t.tsv\" as t\ndescribe t", in: dir)
        #expect(o.errors.isEmpty, "\(o.errors)")
        guard case let .describe(d)? = o.results.last?.value, let col = d.columns.first(where: { $0.name == "t" }) else {
            Issue.record("no describe result"); return
        }
        #expect(col.type == "number")
        #expect(col.missing == 0)
        let rendered = ResultText.render(o.results.last!)
        #expect(rendered.contains("median \(median)"), "\(rendered)")
    }

    // MARK: set threads

    @Test func threadsTakesAWholeNumberOfAtLeastOne() {
        for bad in ["0", "-1", "1.5", "many", "100000"] {
            let o = Self.run("set threads \(bad)")
            #expect(o.errors.first?.id == "check.badOptionValue", "set threads \(bad): \(o.diagnostics.map(\.message))")
            #expect(o.errors.first?.message.contains("whole number of threads") == true)
        }
        let session = Session()
        let o = Self.run("set threads 1", session: session)
        #expect(o.errors.isEmpty, "\(o.errors)")
        #expect(session.options.threads == 1)
        #expect(Session().options.threads == max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    @Test func threadsDoNotChangeResults() throws {
        let dir = Self.tempDir()
        var text = "id\tt\te\tg\tage\n"
        for i in 0..<400 { text += "\(i)\t\(1 + (i * 7) % 23)\t\(i % 3 == 0 ? 0 : 1)\t\(i % 2 == 0 ? "a" : "b")\t\(40 + (i * 13) % 37)\n" }
        FileManager.default.createFile(atPath: dir + "/t.tsv", contents: Data(text.utf8))
        let query = "load \"t.tsv\" as t\ncompare t by g time t event e adjust age"
        let one = Self.run("set threads 1\n" + query, in: dir)
        let two = Self.run("set threads 2\n" + query, in: dir)
        #expect(one.errors.isEmpty && two.errors.isEmpty, "\(one.errors) \(two.errors)")
        let a = one.results.last.map { ResultJSON.object($0).serialized() }, b = two.results.last.map { ResultJSON.object($0).serialized() }
        #expect(a != nil && a == b)
    }

    // MARK: The contextual words 'sep' and 'overwrite'

    @Test func sepAndOverwriteAreClausesAndStillNames() throws {
        let dir = Self.tempDir()
        FileManager.default.createFile(atPath: dir + "/s.csv", contents: Data("id;age\n1;50\n2;61\n".utf8))
        let o = Self.run("""
            load "s.csv" as sep sep ";"
            let overwrite = sep where age > 55
            export overwrite to "o.tsv" overwrite
            describe sep
            """, in: dir)
        #expect(o.errors.isEmpty, "\(o.errors)")
        #expect(FileManager.default.contents(atPath: dir + "/o.tsv").map { String(decoding: $0, as: UTF8.self) } == "id\tage\n2\t61\n")
        let twice = Self.run("load \"s.csv\" as t sep \";\" sep \",\"", in: dir)
        #expect(twice.errors.first?.id.hasPrefix("parse.") == true)
    }

    // MARK: Derived cohorts are views

    @Test func letCohortsShareTheirRootColumns() throws {
        let session = Session()
        let o = Self.run("""
            load demo ntrk as r
            let a = r where age >= 60
            let b = a where sex = "F"
            let c = b
            """, session: session)
        #expect(o.errors.isEmpty)
        let r = try #require(session.cohorts["r"]), b = try #require(session.cohorts["b"]), c = try #require(session.cohorts["c"])
        #expect(!r.table.isView)
        #expect(b.table.isView)
        // The view's cells equal an eager copy of the same rows.
        let eager = r.table.selecting(rows: b.rows)
        for name in ["age", "sex", "cancer_type", "os_months"] {
            let v = try #require(b.table.column(named: name)), e = try #require(eager.column(named: name))
            #expect(v.count == e.count)
            for i in stride(from: 0, to: v.count, by: max(1, v.count / 500)) {
                #expect(v.displayString(at: i) == e.displayString(at: i))
            }
        }
        #expect(c.count == b.count)
        #expect(b.rows.allSatisfy { r.table.column(named: "age")!.number(at: Int($0)) >= 60 })
    }

    @Test func rowSelectionForms() {
        #expect(RowSelection.of([0, 1, 2], universe: 3).isAll)
        if case .ascending = RowSelection.of(Array(0..<1000).filter { $0 % 2 == 0 }.map(Int32.init), universe: 1000) {} else {
            Issue.record("a dense ascending selection is a bitset")
        }
        if case .list = RowSelection.of([5, 1, 5], universe: 10) {} else { Issue.record("repeats need a list") }
        let s = RowSelection.of(Array(stride(from: Int32(3), to: 10_000, by: 3)), universe: 10_000)
        #expect(s.row(at: 0) == 3)
        #expect(s.row(at: 100) == 303)
        #expect(s.row(at: s.count) == -1)
        let sub = s.selecting([0, 2, 4], universe: 10_000)
        #expect(sub.rows == [3, 9, 15])
    }
}
