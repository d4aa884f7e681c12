import Foundation
import Testing
@testable import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// Kaplan–Meier figures checked by their structure: a curve per group, the censor marks, the
/// numbers at risk against `survive`'s, and no text beyond the canvas or over other text.
@Suite struct KaplanMeierFigureTests {
    /// Plots what `survive` computes and checks the figure against it.
    @discardableResult
    func checkPlot(_ survive: String, _ plot: String, groups: Int, golden: String? = nil) throws -> (SVGDocument, SurvivalResult) {
        let r = run("\(survive)\n\(plot)")
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        let s = try #require(r.survival)
        let text = try #require(r.svg)
        let doc = try #require(SVGDocument(text))
        #expect(s.groups.count == groups)
        #expect(doc.all("path", class: "curve").count == groups, "one path per group")
        #expect(doc.layoutProblems() == [])
        // The numbers at risk are survive's, in order, one column per x tick.
        let ticks = doc.all("text", class: "xtick")
        #expect(ticks.count == s.riskTimes.count)
        for (k, g) in s.groups.enumerated() {
            let cells = doc.all("text", class: "risk").filter { $0["data-group"] == String(k) }
            #expect(cells.map(\.text) == g.atRisk.map { NumberFormat.count($0) }, "group \(g.label)")
            for (cell, tick) in zip(cells, ticks) { #expect(cell.number("x") == tick.number("x"), "aligned with its tick") }
            let marks = try #require(doc.all("path", class: "censor").first { $0["data-group"] == String(k) })
            let drawn = (marks["d"] ?? "").filter { $0 == "M" }.count / 2
            #expect(drawn == Int(marks["data-marks"] ?? "") ?? -1)
            #expect(drawn > 0 || g.curve.allSatisfy { $0.nCensor == 0 }, "every curve with censoring has marks")
            #expect(drawn <= KaplanMeierFigure.maxMarks)
        }
        if let golden { try checkGolden(golden, text) }
        return (doc, s)
    }

    @Test func oneGroup() throws {
        let (doc, _) = try checkPlot("survive rwd", "plot survival rwd to \"km1.svg\"", groups: 1, golden: "km_1_group")
        #expect(doc.all("text", class: "legend").isEmpty, "no legend for one curve")
        #expect(doc.all("text", class: "annotation").isEmpty, "no test for one curve")
    }

    @Test func twoGroupsWithTestAndHazardRatio() throws {
        let (doc, _) = try checkPlot("survive rwd by fusion NTRK1|NTRK2|NTRK3", "plot survival rwd by fusion NTRK1|NTRK2|NTRK3 to \"km2.svg\"",
                                     groups: 2, golden: "km_2_groups")
        let c = run("compare rwd by fusion NTRK1|NTRK2|NTRK3").results.compactMap { r -> SurvQLRuntime.ComparisonResult? in
            if case let .comparison(c) = r.value { return c } else { return nil }
        }.first!
        let notes = doc.all("text", class: "annotation").map(\.text)
        #expect(notes.first == "Log-rank " + ResultText.pText(c.logrank!.p))
        let t = c.cox!.terms[0]
        #expect(notes.dropFirst().first == "HR \(NumberFormat.fixed(t.hr, 2)) (95% CI \(NumberFormat.fixed(t.hrLower, 2))–\(NumberFormat.fixed(t.hrUpper, 2)))")
        #expect(doc.all("path", class: "band").count == 2, "bands on by default for up to 3 groups")
        #expect(doc.all("path", class: "median").count == 1)
        // The legend rounds the median as the table does.
        let s = run("survive rwd by fusion NTRK1|NTRK2|NTRK3").survival!
        let legend = doc.all("text", class: "legend").map(\.text)
        #expect(legend.first == "negative (n = \(s.groups[0].n), median \(NumberFormat.fixed(s.groups[0].median, 1)))")
    }

    @Test func fourGroups() throws {
        let (doc, _) = try checkPlot("survive rwd by ecog", "plot survival rwd by ecog to \"km4.svg\"", groups: 4, golden: "km_4_groups")
        #expect(doc.all("path", class: "band").isEmpty, "no bands by default above 3 groups")
    }

    @Test func tenGroups() throws {
        try checkPlot("survive ten by cancer_type", "plot survival ten by cancer_type to \"km10.svg\" events table on",
                      groups: 10, golden: "km_10_groups")
    }

    @Test(arguments: ["right", "bottom", "inside"])
    func tenGroupsInASmallFigureWhereverTheLegendGoes(_ legend: String) throws {
        try checkPlot("survive ten by cancer_type", "plot survival ten by cancer_type to \"small10-\(legend).svg\" size 480 x 320 legend \(legend) bands on", groups: 10)
    }

    @Test func thousandsOfCensoredPatientsAreThinned() throws {
        let (doc, s) = try checkPlot("survive rwd", "plot survival rwd to \"big.svg\"", groups: 1)
        #expect(s.groups[0].curve.filter { $0.nCensor > 0 }.count > KaplanMeierFigure.maxMarks)
        #expect(doc.all("path", class: "censor")[0]["data-marks"] == String(KaplanMeierFigure.maxMarks))
    }

    @Test func everyCensoredTimeHasAMarkInASmallGroup() throws {
        let rows = (1...20).map { "p\($0)\t\($0)\t\($0 % 2)\t\($0 <= 10 ? "A" : "B")" }
        try ("id\ttime\tdead\tarm\n" + rows.joined(separator: "\n") + "\n").write(to: scratch.appendingPathComponent("small.tsv"), atomically: true, encoding: .utf8)
        let r = run("load \"small.tsv\" as small id id\nplot survival small by arm time time event dead to \"small.svg\"", fresh: true)
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        let svgText = try #require(r.svg)
        let doc = try #require(SVGDocument(svgText))
        #expect(doc.all("path", class: "censor").map { $0["data-marks"] } == ["5", "5"])
    }

    @Test(arguments: [FigureSpec.LegendPlacement.right, .bottom, .inside])
    func longLabelsFitWhereverTheLegendGoes(_ legend: FigureSpec.LegendPlacement) throws {
        let long = ["A" + String(repeating: "very long arm name ", count: 4).prefix(58) + "1",
                    "B" + String(repeating: "another long arm name ", count: 4).prefix(58) + "2"]
        #expect(long.allSatisfy { $0.count == 60 })
        let rows = (1...40).map { "p\($0)\t\($0)\t\($0 % 3 == 0 ? 0 : 1)\t\(long[$0 % 2])" }
        try ("id\ttime\tdead\tarm\n" + rows.joined(separator: "\n") + "\n").write(to: scratch.appendingPathComponent("long.tsv"), atomically: true, encoding: .utf8)
        let r = run("load \"long.tsv\" as long id id\nsurvive long by arm time time event dead\nplot survival long by arm time time event dead to \"long-\(legend.rawValue).svg\" legend \(legend.rawValue) size 640 x 480", fresh: true)
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        let text = try #require(r.svg)
        let doc = try #require(SVGDocument(text))
        #expect(doc.layoutProblems() == [])
        #expect(doc.all("text", class: "table-label").map(\.text).sorted() == long.sorted())
        #expect(doc.all("text", class: "legend").count == 2)
        if legend == .right { try checkGolden("km_long_labels", text) }
    }

    @Test func delayedEntryFollowsSurviveAndUsesTheScoreTest() throws {
        let (doc, s) = try checkPlot("survive matched by fusion entry months_to_test",
                                     "plot survival matched by fusion entry months_to_test to \"delayed.svg\"", groups: 2, golden: "km_delayed_entry")
        #expect(s.endpoint.entry == "months_to_test")
        #expect(doc.all("text", class: "annotation").first?.text.hasPrefix("Score test (delayed entry) p") == true)
    }

    @Test func optionsChangeWhatIsDrawn() throws {
        let r = run("""
        survive rwd by fusion NTRK1|NTRK2|NTRK3 every 6
        plot incidence rwd by fusion NTRK1|NTRK2|NTRK3 to "opts.svg" title "NTRK and survival" labels ("NTRK-", "NTRK+") colors ("black", "#d55e00") xlim 36 break 6 ylab "Died" xlab "Months" bands off risk table on events table on legend bottom pvalue off size 700 x 600
        """)
        #expect(r.errors.isEmpty, "\(r.errors.map(\.message))")
        let svgText = try #require(r.svg)
        let doc = try #require(SVGDocument(svgText))
        #expect(doc.layoutProblems() == [])
        #expect(doc.all("text", class: "title").first?.text == "NTRK and survival")
        #expect(doc.all("text", class: "legend").map { String($0.text.prefix(5)) } == ["NTRK-", "NTRK+"])
        #expect(doc.all("path", class: "curve").map { $0["stroke"] } == ["black", "#d55e00"])
        #expect(doc.all("text", class: "xtick").map(\.text) == ["0", "6", "12", "18", "24", "30", "36"])
        #expect(doc.all("path", class: "band").isEmpty)
        #expect(doc.all("text", class: "annotation").isEmpty)
        #expect(doc.all("text", class: "events").count == 14)
        #expect(doc.width == 700 && doc.height >= 600)
        // At-risk numbers at 0..36 are survive's (every 6) for those times.
        let s = try #require(r.survival)
        let cells = doc.all("text", class: "risk").filter { $0["data-group"] == "1" }.map(\.text)
        #expect(cells == s.groups[1].atRisk.prefix(7).map { NumberFormat.count($0) })
        #expect(doc.elements.contains { $0.name == "text" && $0.text == "Died" })
    }
}
