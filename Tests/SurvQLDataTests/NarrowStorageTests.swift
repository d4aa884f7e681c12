import Foundation
@testable import SurvQLData
import Testing

/// Narrow storage (`NumericCells`, `Levels`) reads back exactly what it was made from.
@Suite struct NarrowStorageTests {
    /// Accumulates `values` one by one and in batches; both must read back bit for bit.
    static func roundTrip(_ values: [Double], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> NumericCells {
        var one = NumericAccumulator()
        for v in values { one.append(v) }
        var batched = NumericAccumulator()
        var i = 0
        while i < values.count {
            let n = min(3, values.count - i)
            values[i..<(i + n)].withUnsafeBufferPointer { batched.append(contentsOf: $0) }
            i += n
        }
        for cells in [one.finish(), batched.finish()] {
            #expect(cells.count == values.count, sourceLocation: sourceLocation)
            #expect(cells.doubles.map(\.bitPattern) == values.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern },
                    sourceLocation: sourceLocation)
            #expect(cells.map(\.bitPattern) == cells.doubles.map(\.bitPattern), sourceLocation: sourceLocation)
            #expect(cells.missingCount == values.filter(\.isNaN).count, sourceLocation: sourceLocation)
        }
        return one.finish()
    }

    @Test func integersAreStoredNarrowAndReadBackExactly() {
        #expect(NarrowStorageTests.roundTrip([1, 0, .nan, 127, -127]).bytesPerCell == 1)
        #expect(NarrowStorageTests.roundTrip([1, -128, .nan]).bytesPerCell == 2)  // -128 is Int8's missing marker
        #expect(NarrowStorageTests.roundTrip([5, 128, 240, -32767]).bytesPerCell == 2)
        #expect(NarrowStorageTests.roundTrip([3, 32768, .nan, 2_147_483_647, -2_147_483_647]).bytesPerCell == 4)
        #expect(NarrowStorageTests.roundTrip([1, 2, 2_147_483_648]).bytesPerCell == 8)
        #expect(NarrowStorageTests.roundTrip([1, 2, -2_147_483_648]).bytesPerCell == 8)
        #expect(NarrowStorageTests.roundTrip([1, 2, 1.5, .nan]).bytesPerCell == 8)
        #expect(NarrowStorageTests.roundTrip([1, -0.0, 2]).bytesPerCell == 8)  // -0 keeps its sign
        #expect(NarrowStorageTests.roundTrip([.infinity, 1]).bytesPerCell == 8)
        #expect(NarrowStorageTests.roundTrip([.nan, .nan]).bytesPerCell == 1)
        #expect(NarrowStorageTests.roundTrip([]).bytesPerCell == 1)
        // Widening late, after many narrow cells, keeps every earlier cell.
        var rng = SplitMix64(seed: 3)
        var values = (0..<10_000).map { _ in rng.below(5) == 0 ? Double.nan : Double(rng.below(200)) - 100 }
        values += [1000, 7, 1e6, .nan, 0.25, 3]
        _ = NarrowStorageTests.roundTrip(values)
    }

    @Test func gatherAndSelectReadTheSameCells() {
        let values: [Double] = [4, .nan, -7, 100, 2]
        var acc = NumericAccumulator()
        for v in values { acc.append(v) }
        let cells = acc.finish()
        let rows: [Int32] = [4, 0, 9, -1, 1, 2]
        let expected = rows.map { $0 >= 0 && Int($0) < values.count ? values[Int($0)] : .nan }
        #expect(cells.gather(rows).map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(cells.gather(rows.map(Int.init)).map(\.bitPattern) == expected.map(\.bitPattern))
        let selected = cells.selecting(rows)
        #expect(selected.bytesPerCell == cells.bytesPerCell)
        #expect(selected.doubles.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(cells.missingMask == values.map(\.isNaN))
    }

    @Test func serialLevelsReadAsTheirText() {
        let run = Levels(serial: SerialText(prefix: Array("P-".utf8), suffix: Array("-T".utf8), first: 1 << 56 | 8,
                                            fixedWidth: false, keys: nil, count: 5))
        #expect(Array(run) == ["P-8-T", "P-9-T", "P-10-T", "P-11-T", "P-12-T"])
        #expect(run == ["P-8-T", "P-9-T", "P-10-T", "P-11-T", "P-12-T"])
        #expect(run.firstIndex(of: "P-10-T") == 2)
        #expect(run.firstIndex(of: "P-010-T") == nil)
        #expect(run.firstIndex(of: "P-13-T") == nil)
        #expect(run.firstIndex(of: "Q-9-T") == nil)
        let fixed = Levels(serial: SerialText(prefix: Array("S".utf8), suffix: [], first: 4 << 56 | 998,
                                              fixedWidth: true, keys: nil, count: 3))
        #expect(Array(fixed) == ["S0998", "S0999", "S1000"])
        #expect(fixed.firstIndex(of: "S0999") == 1)
        #expect(Levels.rowNumbers(count: 11).strings == (1...11).map(String.init))
        #expect(Levels.rowNumbers(count: 0).isEmpty)
    }

    @Test func serialTextColumnsWithMissingCellsLoadLikeAnyText() throws {
        // Not the id column, so missing cells are allowed (they end the run; keys are kept).
        var cells = (0..<4000).map { "S-\($0)" }
        cells[2500] = "NA"
        cells[3999] = ""
        let text = "id\ts\n" + cells.enumerated().map { "r\($0)\t\($1)" }.joined(separator: "\n") + "\n"
        let path = TestSupport.write("serial-missing.tsv", text)
        for parallel in [false, true] {
            let t = try DataLoader.load(path: path, parallel: parallel).dataset.patients
            let c = try #require(t.column(named: "s"))
            #expect((0..<c.count).map { c.string(at: $0) } == cells.map { $0 == "NA" || $0.isEmpty ? nil : $0 })
            #expect(c.missingCount == 2)
            #expect(c.levels.count == 3998)
        }
    }
}

/// Codes stored narrow read back as the codes they were made from.
@Suite struct NarrowCodesTests {
    @Test func codesReadBackInEveryWidth() {
        for levels in [3, 255, 256, 65535, 65536] {
            let codes: [Int32] = [0, -1, Int32(levels - 1), 1, -1, 2]
            let c = Codes(codes, levelCount: levels)
            #expect(Array(c) == codes, "\(levels) levels")
            #expect(c.array == codes)
            #expect(c.missingCount == 2)
            #expect(!c.isIdentity)
            #expect(Array(c.selecting([5, 9, -3, 0])) == [2, -1, -1, 0])
            #expect(c.mapped(through: (0..<levels).map { Int32($0 * 2) }, missing: -7) == codes.map { $0 < 0 ? -7 : $0 * 2 })
        }
        #expect(Codes([0, 1, 2], levelCount: 3).isIdentity)
        // 256 rows whose last is missing are not the identity, though 255 is the missing byte.
        #expect(!Codes((0..<255).map { Int32($0) } + [-1], levelCount: 255).isIdentity)
        let identity = Codes.identity(4)
        #expect(Array(identity) == [0, 1, 2, 3] && identity.isIdentity && identity.missingCount == 0)
        #expect(Array(identity.selecting([3, 4, -1, 0])) == [3, -1, -1, 0])
    }

    @Test func accumulatedCodesWidenAndKeepEveryCode() {
        // Codes that need one byte, then two, then four, with missing cells throughout.
        let codes: [Int32] = [0, -1, 254, 3, -1, 255, 7, 65534, -1, 65535, 1, -1, 70000, 2]
        for batch in [1, 3, 100] {
            var acc = CodeAccumulator()
            var i = 0
            while i < codes.count {
                let n = min(batch, codes.count - i)
                if n == 1 { acc.append(codes[i]) } else { codes[i..<(i + n)].withUnsafeBufferPointer { acc.append(contentsOf: $0) } }
                i += n
            }
            #expect(acc.count == codes.count)
            #expect(Array(acc.finish()) == codes, "batches of \(batch)")
        }
        var small = CodeAccumulator()
        for c: Int32 in [2, -1, 0, 1] { small.append(c) }
        let remapped = small.finish().remapped([2, 0, 1])
        #expect(Array(remapped) == [1, -1, 2, 0])
    }

    @Test func columnsOfNarrowCodesSelectAndShowTheirLevels() {
        let col = Column(name: "g", type: .category, codes: [1, 0, -1, 5, 1], levels: ["a", "b"])
        #expect(col.missingCount == 2)
        #expect((0..<col.count).map { col.string(at: $0) } == ["b", "a", nil, nil, "b"])
        let picked = col.selecting(rows: [4, 2, 0, 7])
        #expect((0..<picked.count).map { picked.string(at: $0) } == ["b", nil, "b", nil])
        #expect(picked.missingCount == 2)
    }
}
