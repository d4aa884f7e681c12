import Testing
@Test func SurvQLDataTestsBuilds() { #expect(Bool(true)) }
