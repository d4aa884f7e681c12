@testable import SurvQLData
import Testing

/// `IdentifierIndex` against a `[String: Int32]`, the dictionary it replaces in the study loader.
@Suite struct IdentifierIndexTests {
    @Test func findsWhatADictionaryFinds() {
        var rng = SplitMix64(seed: 7)
        var ids: [String] = []
        for i in 0..<5_000 {
            // Serial, random, repeated, empty and non-ASCII identifiers.
            switch i % 5 {
            case 0: ids.append("P-\(i)")
            case 1: ids.append("S\(rng.next() % 3_000)-T01")
            case 2: ids.append(i % 50 == 2 ? "" : "é-\(rng.next() % 500)")
            case 3: ids.append(String(repeating: "x", count: Int(rng.next() % 40)))
            default: ids.append("TCGA-\(rng.next() % 100_000)-01A-LONGER-THAN-SIXTEEN-BYTES")
            }
        }
        var index = IdentifierIndex(Array(ids.prefix(1_000)))
        var dictionary: [String: Int32] = [:]
        for (i, id) in ids.prefix(1_000).enumerated() { dictionary[id] = Int32(i) }
        // Appends grow the table past its first size.
        for id in ids.dropFirst(1_000) {
            #expect(index.append(id) == Int32(dictionary.count == 0 ? 0 : index.ids.count - 1))
            dictionary[id] = Int32(index.ids.count - 1)
        }
        #expect(index.ids == ids)
        for id in Set(ids) { #expect(index[id] == dictionary[id], "\(id)") }
        for probe in ["P-1", "P-", "nothing", "S-T01", "é", "x"] where !ids.contains(probe) {
            #expect(index[probe] == nil)
        }
    }

    @Test func emptyIndexFindsNothing() {
        var index = IdentifierIndex([], reserve: 3)
        #expect(index[""] == nil)
        #expect(index.append("") == 0)
        #expect(index[""] == 0)
    }
}
