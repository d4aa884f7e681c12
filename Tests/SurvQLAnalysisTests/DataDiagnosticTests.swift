import SurvQLAnalysis
import SurvQLSyntax
import Testing

/// Data-aware diagnostics: unknown columns and genes and bad `load` paths, before anything runs.
@Suite struct DataDiagnosticTests {
    func diagnostics(_ text: String) -> [String] {
        let f = Fixture(text)
        return host(for: f, context: dataContext).diagnostics(f.file, context: dataContext).map { d in
            let (_, l, c) = d.location.fileLineColumn ?? ("", 0, 0)
            return "\(l):\(c): \(d.id): \(d.message)"
        }
    }

    @Test func unknownColumnWithDidYouMeanAndFixIt() {
        #expect(diagnostics("load demo ntrk as rwd\nsurvive rwd by ecgo")
                == ["2:16: check.unknownColumn: unknown column 'ecgo' in 'rwd'; did you mean 'ecog'?"])
        let f = Fixture("load demo ntrk as rwd\nlet x = rwd where ecgo > 1")
        let d = host(for: f, context: dataContext).diagnostics(f.file, context: dataContext)
        #expect(d.first?.fixIts.first?.replacement == "ecog")
        #expect(diagnostics("load demo ntrk as rwd\nlet x = rwd where zzzz > 1").first?.hasPrefix("2:19: check.unknownColumn: unknown column 'zzzz' in 'rwd'") == true)
    }

    @Test func derivedCohortsKeepTheirParentsColumns() {
        #expect(diagnostics("load demo ntrk as rwd\nlet a = rwd where age > 60\nmatch a by fusion NTRK1 ratio 2 on age, sex as m\ncompare m by fusion cluster match_id adjust ecog").isEmpty)
        #expect(diagnostics("load demo ntrk as rwd\nlet a = rwd where fusion NTRK1\nsurvive a by FUSION_PARTNER").isEmpty)
        #expect(diagnostics("load demo ntrk as rwd\nlet a = rwd where age > 60\nsurvive a by sexx") == ["3:14: check.unknownColumn: unknown column 'sexx' in 'a'; did you mean 'sex'?"])
    }

    @Test func unknownGene() {
        #expect(diagnostics("load \"msk_met_2021\" as met\nlet x = met where fusion ALKK")
                == ["2:26: check.unknownGene: no record in the study names the gene 'ALKK' and no gene panel covers it; did you mean 'ALK'?"])
        #expect(diagnostics("load \"msk_met_2021\" as met\nlet x = met where fusion ALK::EML4 or fusion ROS1").isEmpty)
    }

    @Test func loadPaths() {
        #expect(diagnostics("load \"no_such_study\" as x").first?.hasPrefix("1:6: check.loadPathMissing: nothing at 'no_such_study'") == true)
        #expect(diagnostics("load \"msk_met_2021/case_lists\" as x").first?.hasPrefix("1:6: check.notAStudyOrTable:") == true)
        #expect(diagnostics("load \"msk_met_2021\" as met\ndescribe met").isEmpty)
    }
}
