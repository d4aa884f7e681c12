import Foundation
import Testing
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// `prevalence`, `associate`, the derived columns and `${NAME}` parameters through a session.
@Suite struct GenomicsTests {
    func run(_ text: String, parameters: [String: String] = [:]) -> (results: [StatementResult], diagnostics: [Diagnostic]) {
        let session = Session()
        session.workingDirectory = packageRoot.path
        session.parameters = parameters
        var results: [StatementResult] = []
        var diagnostics: [Diagnostic] = []
        _ = session.run(SourceFile(name: "t.survql", text: text), keepGoing: true) { event in
            switch event {
            case let .result(r): results.append(r)
            case let .diagnostic(d, _): diagnostics.append(d)
            }
        }
        return (results, diagnostics)
    }

    @Test func unprofiledPatientsAreLeftOutAndCounted() throws {
        // The importer test study profiles only some samples for mutations (gene panel matrix).
        let (results, diagnostics) = run("""
            load "../shared/data/cbioportal_study_es_0" as es
            prevalence es of mut BRCA2, mut PIEZO1
            """)
        #expect(!diagnostics.contains { $0.severity == .error })
        guard case let .prevalence(p)? = results.last?.value else { Issue.record("no prevalence result"); return }
        #expect(p.rows.count == 2)
        guard case let .message(m)? = results.first?.value, let patients = m.facts.first(where: { $0.0 == "patients" }).flatMap({ Int($0.1) }) else {
            Issue.record("no load result"); return
        }
        for r in p.rows {
            #expect(r.n + r.notProfiled == patients)
            #expect(r.notProfiled > 0, "\(r.alteration): some patients are not profiled for mutations")
            #expect(r.positive <= r.n)
        }
        // TESTPANEL2 covers PIEZO1 but TESTPANEL1 does not: the gene-level denominator differs.
        #expect(p.rows[0].n != p.rows[1].n)
    }

    @Test func associateFlagsWhatItCannotTest() throws {
        let (results, diagnostics) = run("""
            load demo ntrk as rwd
            let lung = rwd where cancer_type = "NSCLC"
            associate lung fusion NTRK1|NTRK2|NTRK3 with cancer_type, age
            """)
        guard case let .association(a)? = results.last?.value else { Issue.record("no association result"); return }
        #expect(a.rows[0].test == "none" && a.rows[0].p == nil)
        #expect(a.rows[1].test == "wilcoxon" && a.rows[1].p != nil)
        #expect(diagnostics.contains { $0.id == "run.noTest" && $0.severity == .warning })
    }

    @Test func fusionCohortsGetAnnotationColumns() throws {
        let (results, _) = run("""
            load demo ntrk as rwd
            let ntrk = rwd where fusion NTRK1|NTRK2|NTRK3
            associate ntrk FUSION_GENE with FUSION_PARTNER
            describe ntrk
            """)
        guard case let .describe(d)? = results.last?.value else { Issue.record("no describe result"); return }
        for name in ["FUSION_GENE", "FUSION_PARTNER", "FUSION_ORIENTATION", "FUSION_INTERGENIC", "FUSION_FRAME", "FUSION_RECURRENT", "FUSION_EVENTS"] {
            let c = d.columns.first { $0.name == name }
            #expect(c != nil, "\(name)")
            if name != "FUSION_FRAME" { #expect(c?.missing == 0, "\(name)") }
        }
        #expect(d.alterations?.partnerTables.map(\.gene) == ["NTRK1", "NTRK2", "NTRK3"])
        #expect(d.alterations?.partnerTables.last?.partners.first?.partner == "ETV6")
    }

    @Test func parametersFillPathsAndAnUndefinedOneIsAnError() throws {
        let ok = run(#"load "${study:-nowhere}" as s"#, parameters: ["study": "../shared/data/nsclc_pd1_msk_2018"])
        #expect(!ok.diagnostics.contains { $0.severity == .error })
        let fallback = run(#"load "${study:-../shared/data/nsclc_pd1_msk_2018}" as s"#)
        #expect(!fallback.diagnostics.contains { $0.severity == .error })
        let missing = run(#"load "${study}/x" as s"#)
        let d = try #require(missing.diagnostics.first { $0.severity == .error })
        #expect(d.id == "run.undefinedParameter")
        #expect(d.hint?.contains("--define study=") == true)
    }

    @Test func copyNumberBurdenIsAColumnUsableInConditions() throws {
        let (results, diagnostics) = run("""
            load "../shared/data/nsclc_pd1_msk_2018" as pd1
            let high = pd1 where CNA_BURDEN > 0.01
            """)
        #expect(!diagnostics.contains { $0.severity == .error })
        guard case let .message(m)? = results.last?.value else { Issue.record("no let result"); return }
        let rows = m.facts.first { $0.0 == "rows" }.flatMap { Int($0.1) } ?? -1
        #expect(rows > 0 && rows < 240)
    }
}
