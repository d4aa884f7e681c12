import Testing
@testable import SurvQLServer
import SurvQLRendering

@Suite struct WireTests {
    @Test func decodesTypesExactly() throws {
        let v = try JSONValue.decodeMessage(Array(#"{"a":true,"b":1,"c":1.5,"d":"x","e":null,"f":[1,{"g":false}]}"#.utf8))
        #expect(v["a"] == .bool(true))
        #expect(v["b"] == .int(1))
        #expect(v["c"] == .number(1.5))
        #expect(v["d"]?.stringValue == "x")
        #expect(v["e"]?.isNull == true)
        #expect(v.at("f")?.arrayValue?.count == 2)
    }

    @Test func refusesDeepNestingAndBadJSON() {
        #expect(throws: (any Error).self) { try JSONValue.decodeMessage(Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)) }
        #expect(throws: (any Error).self) { try JSONValue.decodeMessage([0x7B, 0xFF, 0x7D]) }
        #expect(JSONValue.nestingDepth(Array(#"{"a":"[[[[","b":[[1]]}"#.utf8)) == 3)
    }
}

@Suite struct WireWriterTests {
    @Test func sameTextAsSerialized() {
        let values: [JSONValue] = [
            .null, .bool(true), .int(0), .int(-42), .int(Int.max), .int(Int.min), .number(1.5), .number(3), .number(.nan),
            .number(1e300), .string("é😀 \"q\" \\ \n\t\u{1}"),
            .array([.int(1), .object([("k", .string("v")), ("n", .null)])]), .object([]), .array([]),
        ]
        for v in values { #expect(String(decoding: v.wireBytes(), as: UTF8.self) == v.serialized()) }
    }
}
