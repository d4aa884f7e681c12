import Dispatch
import Foundation
import SurvQLAnalysis
import SurvQLRuntime
import SurvQLSyntax
import Testing

/// Schemas of real data, the cache, and schemas read from a running session.
@Suite struct SchemaTests {
    @Test func mskMet2021Schema() throws {
        let cache = SchemaCache()
        let path = sharedData + "/msk_met_2021"
        #expect(cache.schema(path: path) == .loading)
        cache.waitForLoads()
        guard case let .ready(s) = cache.schema(path: path) else { Issue.record("no schema"); return }
        #expect(s.patients == 25_775)
        #expect(s.column(named: "sex")?.values.prefix(2).sorted() == ["Female", "Male"])
        #expect(s.column(named: "OS_MONTHS")?.type == "number")
        #expect(s.endpoints == ["os"])
        let alk = try #require(s.gene(named: "alk"))
        #expect(alk.fusion > 0 && alk.partnerCounts.first?.0 == "EML4")
        #expect(s.genes.first.map { $0.total } == s.genes.map(\.total).max())
    }

    @Test func cachedByModificationTime() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-schema-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.tsv").path
        try "patient_id\tage\np1\t50\np2\t60\n".write(toFile: path, atomically: true, encoding: .utf8)
        let cache = SchemaCache()
        _ = cache.schema(path: path)
        cache.waitForLoads()
        guard case let .ready(a) = cache.schema(path: path) else { Issue.record("no schema"); return }
        #expect(a.patients == 2)
        // A second request for the unchanged file is answered from the cache.
        #expect(cache.schema(path: path) == .ready(a))
        try "patient_id\tage\tsex\np1\t50\tF\np2\t60\tM\np3\t70\tF\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(cache.schema(path: path) == .loading)
        cache.waitForLoads()
        guard case let .ready(b) = cache.schema(path: path) else { Issue.record("no schema"); return }
        #expect(b.patients == 3 && b.column(named: "sex")?.values == ["F", "M"])
        #expect(cache.schema(path: dir.path + "/nothing.tsv") == .missing)
    }

    @Test func contextFromASessionWhileAStatementRuns() throws {
        let session = Session()
        session.workingDirectory = sharedData
        _ = session.run(SourceFile(name: "<repl:1>", text: "load demo ntrk as rwd\nlet old = rwd where age > 70")) { _ in }
        let context = AnalysisContext(session: session)
        #expect(context.cohorts["rwd"]?.patients == 25_000)
        let old = try #require(context.cohorts["old"])
        #expect(old.patients < 25_000 && old.patients > 0)
        // Read the session from other threads while it loads a study.
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = session.run(SourceFile(name: "<repl:2>", text: "load \"msk_met_2021\" as met")) { _ in }
            done.signal()
        }
        var reads = 0
        while done.wait(timeout: .now()) == .timedOut {
            let c = AnalysisContext(session: session)
            #expect(c.cohorts["rwd"] != nil)
            reads += 1
        }
        #expect(reads > 0)
        #expect(AnalysisContext(session: session).cohorts["met"]?.patients == 25_775)
        // Completion in a later entry offers the session's cohorts.
        let f = Fixture("survive $0")
        let labels = AnalysisHost().complete(f.file, at: f.offset, context: AnalysisContext(session: session)).map(\.label)
        #expect(labels == ["met", "old", "rwd"])
    }
}
