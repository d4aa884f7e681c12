import Foundation
import SurvQLAnalysis
import SurvQLSyntax
import Testing

/// Completion cases: a source with a cursor marker and the candidates expected there.
@Suite struct CompletionTests {
    @Test func verbsAtStatementStart() {
        #expect(labels("$0") == ["associate", "compare", "describe", "export", "let", "load", "match", "plot", "prevalence", "set", "survive"])
        #expect(labels("load demo ntrk as rwd\nsu$0") == ["survive"])
        #expect(labels("load demo ntrk as rwd; SU$0") == ["survive"])
    }

    @Test func cohortsAfterVerbWithPatientCount() {
        let items = completions("load demo ntrk as rwd\nlet old = rwd where age > 70\nsurvive $0")
        #expect(items.map(\.label) == ["old", "rwd"])
        #expect(items.first { $0.label == "rwd" }?.detail == "25,000 patients")
        #expect(labels("load demo ntrk as rwd\ndescribe r$0") == ["rwd"])
        #expect(labels("load demo ntrk as rwd\nlet x = $0") == ["rwd"])
        #expect(labels("load demo ntrk as rwd\nplot survival $0") == ["rwd"])
        #expect(labels("load demo ntrk as rwd\nexport $0") == ["last", "rwd"])
    }

    @Test func cohortsOfEarlierEntries() {
        let context = AnalysisContext(cohorts: ["earlier": CohortSchema(patients: 12, columns: [], genes: [], endpoints: [])])
        let items = completions("survive $0", context: context)
        #expect(items.map(\.label) == ["earlier"])
        #expect(items.first?.detail == "12 patients")
    }

    @Test func columnsOfTheStatementsCohort() {
        let text = "load demo ntrk as rwd\nlet x = rwd where $0"
        let items = completions(text)
        #expect(Array(items.prefix(4).map(\.label)) == ["patient_id", "cancer_type", "age", "sex"])
        #expect(items.first { $0.label == "age" }?.detail == "integer")
        #expect(items.contains { $0.label == "fusion" && $0.kind == .keyword })
        for clause in ["survive rwd by ", "compare rwd by fusion NTRK1 adjust ", "compare rwd by fusion NTRK1 adjust age, ",
                       "compare rwd by sex strata ", "compare rwd by sex cluster ", "survive rwd time ",
                       "survive rwd time os_months event ", "survive rwd entry ",
                       "match rwd by fusion NTRK1 ratio 2 on ", "match rwd by fusion NTRK1 ratio 2 on age, ",
                       "match rwd by fusion NTRK1 ratio 2 exact "] {
            #expect(labels("load demo ntrk as rwd\n" + clause + "$0").contains("ecog"), "after \(clause)")
        }
        #expect(labels("load demo ntrk as rwd\nsurvive rwd by ag$0") == ["age"])
        #expect(labels("load demo ntrk as rwd\nsurvive rwd by AG$0") == ["age"])
    }

    @Test func statementsOverSeveralLinesAndLaterText() {
        let text = "load demo ntrk as rwd\nmatch rwd by fusion NTRK1 ratio 2\n  on age, $0\nsurvive rwd by sex\n-- end"
        #expect(labels(text).contains("ecog"))
        #expect(labels("load demo ntrk as rwd\nlet x = rwd where age > 1 and\n   se$0\ndescribe x") == ["sex"])
        #expect(labels("load demo ntrk as rwd; survive rwd by sex; compare rwd by s$0") == ["sex", "smoking", "stage"])
        #expect(labels("lo$0\nload demo ntrk as rwd") == ["load"])
    }

    @Test func prefixReplaceRangeAndExactCase() {
        let f = Fixture("load \"msk_met_2021\" as met\nlet x = met where se$0")
        let h = host(for: f, context: dataContext)
        let items = h.complete(f.file, at: f.offset, context: dataContext)
        #expect(items.map(\.label) == ["SEX"])
        #expect(items.first?.insertText == "SEX")
        #expect(items.first.map { f.text($0.replace) } == "se")
        let empty = Fixture("load demo ntrk as rwd\nsurvive $0")
        let r = h.complete(empty.file, at: empty.offset, context: dataContext).first?.replace
        #expect(r == SourceRange.at(empty.offset))
    }

    @Test func categoricalValuesQuoted() {
        let items = completions("load demo ntrk as rwd\nlet f = rwd where sex = $0")
        #expect(items.map(\.label) == ["Female", "Male"] || items.map(\.label) == ["Male", "Female"])
        #expect(items.allSatisfy { $0.insertText == "\"" + $0.label + "\"" })
        #expect(Set(labels("load demo ntrk as rwd\nlet f = rwd where stage in ($0")) == ["III", "IV"])
        #expect(Set(labels("load demo ntrk as rwd\nlet f = rwd where stage in (\"III\", $0")) == ["III", "IV"])
    }

    @Test func genesRankedByCarriersOnRealStudy() {
        let items = completions("load \"msk_met_2021\" as met\nlet pos = met where fusion $0")
        #expect(items.count > 100)
        let counts = items.prefix(20).compactMap { $0.detail.flatMap { Int($0.split(separator: " ")[0].replacingOccurrences(of: ",", with: "")) } }
        #expect(counts == counts.sorted(by: >))
        #expect(labels("load \"msk_met_2021\" as met\nlet pos = met where fusion AL$0").first == "ALK")
        #expect(labels("load \"msk_met_2021\" as met\nprevalence met of fusion ROS1|AL$0").first == "ALK")
    }

    @Test func fusionPartners() {
        let items = completions("load \"msk_met_2021\" as met\nlet pos = met where fusion ALK::$0")
        #expect(items.first?.label == "EML4")
        #expect(items.allSatisfy { $0.kind == .gene })
    }

    @Test func pathsInsideLoad() {
        #expect(labels("load \"msk_$0") == ["msk_impact_2017/", "msk_met_2021/"])
        let items = completions("load \"msk_met_2021/data_c$0")
        #expect(items.map(\.label) == ["data_clinical_patient.txt"])
        #expect(items.first?.kind == .path)
    }

    @Test func setOptionsAndValues() {
        #expect(labels("set $0").contains("conf_type"))
        #expect(labels("set conf$0") == ["conf_type", "confidence"])
        #expect(labels("set ties $0") == ["efron", "breslow"])
        #expect(labels("set level s$0") == ["sample"])
    }

    @Test func clauseKeywords() {
        let l = labels("load demo ntrk as rwd\nsurvive rwd by sex $0")
        #expect(l.contains("at") && l.contains("endpoint") && l.contains("rmean"))
        #expect(!l.contains("by"))
        #expect(labels("load demo ntrk as rwd\ncompare rwd by sex ties $0") == ["efron", "breslow"])
        #expect(labels("load demo ntrk as rwd\nsurvive rwd endpoint $0") == ["os"])
        #expect(labels("load demo ntrk as rwd\nlet x = rwd where ecog is $0") == ["missing", "not"])
        #expect(labels("load demo $0") == ["ntrk"])
        #expect(labels("load demo ntrk as rwd\nmatch rwd by fusion NTRK1 ratio 2 on age with $0") == ["replacement"])
    }

    @Test func nothingInCommentsOrPlainStrings() {
        #expect(labels("load demo ntrk as rwd\n-- survive $0").isEmpty)
        #expect(labels("load demo ntrk as rwd\nsurvive rwd -- by $0").isEmpty)
        #expect(labels("load demo ntrk as rwd\nlet x = rwd where sex = \"Fe$0").isEmpty)
        #expect(labels("load demo ntrk as rwd\nplot survival rwd to \"k$0\"").isEmpty)
        #expect(labels("load demo ntrk as rwd\nsurvive rwd at 12$0").isEmpty)
    }
}
