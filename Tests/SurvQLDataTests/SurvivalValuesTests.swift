import SurvQLData
import SurvQLSyntax
import Testing

@Test(arguments: [
    ("1:DECEASED", EventValue.event), ("0:LIVING", .censored), ("LIVING", .censored), ("DECEASED", .event),
    ("1:Progressed", .event), ("0:Not Progressed", .censored), ("0:DiseaseFree", .censored),
    ("1:Recurred/Progressed", .event), ("1:Yes", .event), ("0:No", .censored), ("1", .event), ("0", .censored),
    ("TRUE", .event), ("false", .censored), ("dead", .event), ("Alive", .censored), ("", .missing),
    ("[Not Available]", .missing), ("NA", .missing), (" 1:DECEASED ", .event),
])
func eventSpellings(_ text: String, _ expected: EventValue) {
    #expect(SurvivalValues.parseEvent(text) == expected)
}

@Test func unknownEventSpellings() {
    for t in ["2:MAYBE", "2", "sometimes", "x:LIVING"] { #expect(SurvivalValues.parseEvent(t) == nil, "\(t)") }
}

@Test func timesAndEventsOfColumns() {
    let times = Column(name: "T", type: .category, strings: ["1.5", "NA", "-2", "abc", "3"])
    let (values, diagnostics) = SurvivalValues.validateTimes(times)
    #expect(values[0] == 1.5 && values[1].isNaN && values[2].isNaN && values[3].isNaN && values[4] == 3)
    #expect(diagnostics.map(\.id) == ["data.badSurvivalTime", "data.badSurvivalTime"])
    let numeric = Column(name: "E", type: .integer, values: [1, 0, .nan, 2])
    let (events, unknown) = SurvivalValues.events(of: numeric)
    #expect(events == [1, 0, -1, -1])
    #expect(unknown == [3])
}
