import Testing
@Test func SurvQLSyntaxTestsBuilds() { #expect(Bool(true)) }
