import SurvQLAnalysis
import SurvQLSemantics
import SurvQLSyntax
import Testing

/// Hover cases: a source with a cursor marker and the text expected there.
@Suite struct HoverTests {
    func hover(_ marked: String) -> HoverInfo? {
        let f = Fixture(marked)
        return host(for: f, context: dataContext).hover(f.file, at: f.offset, context: dataContext)
    }

    @Test func verbDocumentationFromTheCatalog() {
        let h = hover("load demo ntrk as rwd\nsur$0vive rwd")
        #expect(h?.markdown == Documentation.markdown(for: .survive))
        #expect(h?.markdown.contains("```survql\nsurvive matched by fusion at 12, 24 rmean 36\n```") == true)
        #expect(hover("load demo ntrk as rwd\ncompare rwd by sex adj$0ust age")?.markdown.hasPrefix("`adjust` — adjust COL") == true)
    }

    @Test func cohortWhereDefinedAndSize() {
        #expect(hover("load demo ntrk as rwd\ndescribe r$0wd")?.markdown
                == "**rwd** — cohort loaded on line 1: `load demo ntrk`\n\n25,000 patients, 13 columns")
        #expect(hover("load demo ntrk as rwd\nlet old = rwd where age > 70\ndescribe o$0ld")?.markdown
                == "**old** — cohort defined on line 2: `rwd where age > 70`\n\na subset of its parent; 13 columns")
    }

    @Test func columnTypeMissingSummary() {
        let h = hover("load demo ntrk as rwd\nsurvive rwd by ec$0og")
        #expect(h?.markdown.hasPrefix("**ecog** — integer column of `rwd`, 0 of 25,000 missing\n\nmedian ") == true)
        let sex = hover("load \"msk_met_2021\" as met\nsurvive met by S$0EX")
        #expect(sex?.markdown.contains("Female") == true)
    }

    @Test func geneAlterationCounts() {
        let h = hover("load \"msk_met_2021\" as met\nlet x = met where fusion A$0LK")
        #expect(h?.markdown.hasPrefix("**ALK** — patients with fusion ") == true)
        #expect(h?.markdown.contains("fusion partners: EML4 (") == true)
    }

    @Test func hoverWorksInAStatementThatDoesNotParse() {
        #expect(hover("load demo ntrk as rwd\nsurvive r$0wd by")?.markdown.hasPrefix("**rwd**") == true)
        #expect(hover("load demo ntrk as rwd\nsurvive rwd by ec$0og at")?.markdown.hasPrefix("**ecog**") == true)
    }

    @Test func nothingOnBlanksAndOperators() {
        #expect(hover("load demo ntrk as rwd\n$0") == nil)
        #expect(hover("load demo ntrk as rwd\nlet x = rwd where age >$0= 3") == nil)
    }
}
