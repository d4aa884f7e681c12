import Foundation
import Testing
@testable import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

@Suite struct ForestBalanceFigureTests {
    @Test func forestPlotHasARowPerTermWithNAndEvents() throws {
        let r = run("""
        compare rwd by fusion NTRK1|NTRK2|NTRK3 adjust age, ecog
        plot forest rwd by fusion NTRK1|NTRK2|NTRK3 adjust age, ecog to "forest.svg"
        """)
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        guard case let .comparison(c)? = r.results.first?.value else { Issue.record("no comparison"); return }
        let text = try #require(r.svg)
        let doc = try #require(SVGDocument(text))
        #expect(doc.layoutProblems() == [])
        let cox = try #require(c.cox)
        #expect(doc.all("rect", class: "estimate").count == cox.terms.count)
        #expect(doc.all("line", class: "ci").count == cox.terms.count)
        let hr = doc.all("text", class: "hr").map(\.text)
        #expect(hr.first == "reference")
        #expect(Array(hr.dropFirst()) == cox.terms.map { "\(NumberFormat.fixed($0.hr, 2)) (\(NumberFormat.fixed($0.hrLower, 2))–\(NumberFormat.fixed($0.hrUpper, 2)))" })
        #expect(doc.all("text", class: "n").map(\.text) == c.groups.map { String($0.n) } + [String(cox.n), String(cox.n)])
        #expect(doc.all("text", class: "events").first?.text == NumberFormat.count(c.groups[0].events))
        // On a log axis, 1 is as far from 0.5 as 2 is from 1.
        let ticks = Dictionary(doc.all("text", class: "xtick").map { ($0.text, $0.number("x")) }, uniquingKeysWith: { a, _ in a })
        if let a = ticks["0.5"], let b = ticks["1"], let d = ticks["2"] { #expect(abs((b - a) - (d - b)) < 0.2) }
        try checkGolden("forest", text)
    }

    @Test func subgroupForestPlotHasARowPerLevelAsCompareWithinGivesThem() throws {
        let r = run("""
        compare matched by fusion entry months_to_test within cancer_type
        plot forest matched by fusion entry months_to_test within cancer_type to "subgroups.svg"
        """)
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        guard case let .comparison(c)? = r.results.first?.value, let s = c.extras.subgroups, let cox = c.cox else {
            Issue.record("no subgroups"); return
        }
        let text = try #require(r.svg)
        let doc = try #require(SVGDocument(text))
        #expect(doc.layoutProblems() == [])
        let kept = s.rows.filter { !$0.terms.isEmpty }
        // The whole cohort's estimate, then one per level that was not skipped.
        #expect(doc.all("rect", class: "estimate").count == 1 + kept.count)
        func hr(_ t: CoxTerm) -> String { "\(NumberFormat.fixed(t.hr, 2)) (\(NumberFormat.fixed(t.hrLower, 2))–\(NumberFormat.fixed(t.hrUpper, 2)))" }
        let texts = doc.all("text", class: "hr").map(\.text)
        #expect(texts == [hr(cox.terms[0])] + s.rows.map { $0.terms.first.map(hr) ?? "skipped" })
        #expect(doc.all("text", class: "n").map(\.text) == [String(cox.n)] + s.rows.map { String($0.n) })
        if let t = s.interaction { #expect(text.contains("interaction p = \(NumberFormat.pValue(t.p))")) }
    }

    @Test func balancePlotShowsEachCovariateBeforeAndAfter() throws {
        let r = run("plot balance matched to \"balance.svg\"")
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        let text = try #require(r.svg)
        let doc = try #require(SVGDocument(text))
        #expect(doc.layoutProblems() == [])
        let m = try #require(demoSession.matchResults["matched"])
        #expect(doc.all("text", class: "covariate").map(\.text) == m.balance.map(\.covariate))
        #expect(doc.all("circle", class: "before").count == m.balance.filter { $0.smdBefore != nil }.count)
        #expect(doc.all("circle", class: "after").count == m.balance.filter { $0.smdAfter != nil }.count)
        let threshold = try #require(doc.all("line", class: "threshold").first)
        #expect(doc.all("text", class: "xtick").contains { $0.text == "0.1" && abs($0.number("x") - threshold.number("x1")) < 0.2 })
        try checkGolden("balance", text)
    }

    @Test func mistakesAreLocatedDiagnostics() {
        let cases: [(String, String)] = [
            ("plot balance rwd to \"b.svg\"", "run.plotNotAMatch"),
            ("plot survival rwd by ecog to \"k.svg\" labels (\"a\", \"b\")", "run.plotLabels"),
            ("plot survival rwd by ecog to \"k.svg\" colors (\"blue\", \"nope\", \"red\", \"green\")", "check.plotColor"),
            ("plot survival rwd to \"k.svg\" size 10 x 10", "check.plotSize"),
            ("plot survival rwd to \"k.svg\" break 0.01", "run.plotTicks"),
            ("plot survival rwd to \"k.svg\" xlim (20, 10)", "check.plotRange"),
            ("plot survival rwd to \"k.gif\"", "check.plotFormat"),
            ("plot forest rwd to \"f.svg\"", "check.forestNeedsGroups"),
            ("plot survival rwd to \"k.svg\" legend left", "parse.plotOption"),
            ("plot survival rwd to \"k.svg\" bands maybe", "parse.plotOption"),
            ("plot survival rwd to \"k.svg\" titel \"x\"", "parse.unknownClause"),
            ("plot survival rwd to \"k.svg\" title \"a\" title \"b\"", "parse.duplicateClause"),
            ("set plot_dpi 5", "check.badOptionValue"),
        ]
        for (source, id) in cases {
            let r = run(source)
            let d = r.errors.first
            #expect(d?.id == id, "\(source): \(r.diagnostics.map { "\($0.id) \($0.message)" })")
            #expect(d?.sourceRange != nil, "\(source): located")
        }
    }

    @Test func extremeRangesDrawWithoutTrapping() {
        for option in ["xlim (0, 0.0000001)", "xlim 1e300", "break 1e300", "xlim (1e-300, 1e300)"] {
            for kind in ["survival rwd by ecog", "forest rwd by ecog", "incidence rwd"] where !(kind.hasPrefix("forest") && option.hasPrefix("break")) {
                let r = run("plot \(kind) to \"extreme.svg\" \(option)")
                #expect(r.svg != nil || !r.errors.isEmpty, "\(kind) \(option)")
            }
        }
    }

    @Test func plotResultCarriesTheSVGAndFormatsConvert() throws {
        for format in ["svg", "png", "pdf"] {
            let r = run("set plot_dpi 96\nplot survival rwd by fusion NTRK1|NTRK2|NTRK3 to \"formats.\(format)\"")
            #expect(r.errors.isEmpty, "\(format): \(r.errors.map(\.message))")
            #expect(r.svg?.hasPrefix("<svg") == true)
            let data = try Data(contentsOf: scratch.appendingPathComponent("formats.\(format)"))
            let magic: [String: [UInt8]] = ["svg": Array("<svg".utf8), "png": [0x89, 0x50, 0x4E, 0x47], "pdf": Array("%PDF".utf8)]
            #expect(Array(data.prefix(4)) == magic[format]!, "\(format) file")
        }
    }
}
