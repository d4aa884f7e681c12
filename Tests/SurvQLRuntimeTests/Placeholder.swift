import Testing
@Test func SurvQLRuntimeTestsBuilds() { #expect(Bool(true)) }
