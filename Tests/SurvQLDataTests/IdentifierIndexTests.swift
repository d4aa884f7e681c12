@testable import SurvQLData
import Testing

/// `IdentifierIndex` against a `[String: Int32]`, the dictionary it replaces in the study loader.
@Suite struct IdentifierIndexTests {
    /// Distinct identifiers of many shapes: serial, short, empty, non-ASCII, longer than 16 bytes.
    static func identifiers(_ n: Int) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        var rng = SplitMix64(seed: 7)
        while out.count < n {
            let id: String
            switch rng.next() % 5 {
            case 0: id = "P-\(out.count)"
            case 1: id = "S\(rng.next() % 30_000)-T01"
            case 2: id = "é-\(rng.next() % 5_000)"
            case 3: id = String(repeating: "x", count: Int(rng.next() % 40))
            default: id = "TCGA-\(rng.next() % 100_000)-01A-LONGER-THAN-SIXTEEN-BYTES"
            }
            if seen.insert(id).inserted { out.append(id) }
        }
        return out
    }

    @Test func findsWhatADictionaryFindsInAnyOrder() {
        let ids = Self.identifiers(5_000)
        var dictionary: [String: Int32] = [:]
        for (i, id) in ids.enumerated() { dictionary[id] = Int32(i) }
        var rng = SplitMix64(seed: 11)
        // In order (the hint path), shuffled (the table), and unknown identifiers between them.
        var probes = ids + ids.shuffled(using: &rng) + ["P-", "nothing", "S-T01", "é", "P-999999"]
        probes.shuffle(using: &rng)
        var index = IdentifierIndex(Array(ids.prefix(3_000)))
        // Appends before and after the table exists.
        for id in ids.dropFirst(3_000).prefix(1_000) { #expect(index.append(id) == dictionary[id]) }
        #expect(index.row(of: "not there") == nil)
        for id in ids.dropFirst(4_000) { #expect(index.append(id) == dictionary[id]) }
        #expect(index.ids == ids)
        for id in ids { #expect(index.row(of: id) == dictionary[id], "\(id)") }
        for id in probes { #expect(index.row(of: id) == dictionary[id], "\(id)") }
    }

    @Test func emptyIndexFindsNothing() {
        var index = IdentifierIndex([])
        #expect(index.row(of: "") == nil)
        #expect(index.append("") == 0)
        #expect(index.row(of: "") == 0)
        #expect(index.row(of: "a") == nil)
    }
}
