import Testing
@Test func SurvivalTestsBuilds() { #expect(Bool(true)) }
