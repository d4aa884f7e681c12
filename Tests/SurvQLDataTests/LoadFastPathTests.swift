import Foundation
@testable import SurvQLData
import SurvQLSyntax
import Testing

/// The loader's byte-level fast paths give what the general paths give: ASCII text cut byte by
/// byte, and serial identifiers kept as numbers (falling back to interning when they stop being
/// serial).
@Suite struct LoadFastPathTests {
    /// Random ASCII text built from the pieces these parsers look for.
    static func randomTexts(_ count: Int, seed: UInt64) -> [String] {
        let pieces = ["P", "-", "T", "TCGA", "0", "42", "007", "{", "}", ":", "(", ")", " ", "\t", ",", "fusion", "FUSION",
                      " - archer", "Archer", "+", "ALK", "EML4", "ros1", "ROS1", "\r", "\n", "\r\n", "x", "A-B", "Exon 26 of "]
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in (0..<rng.below(9)).map { _ in pieces[rng.below(pieces.count)] }.joined() }
    }

    @Test func asciiPathsMatchTheCharacterPaths() {
        for text in LoadFastPathTests.randomTexts(20_000, seed: 17) {
            let fast = FusionOrientation.asciiStatedOrders(text)?.map { "\($0.0)|\($0.1)" }
            #expect(fast == FusionOrientation.characterStatedOrders(text).map { "\($0.0)|\($0.1)" }, "\(text.debugDescription)")
            for gene in ["ALK", "ROS1", "A", "EML4"] {
                let strand = FusionOrientation.asciiStrand(inDescription: text, gene: gene)?.strand
                #expect(strand == FusionOrientation.characterStrand(inDescription: text, gene: gene), "\(text.debugDescription)")
            }
            #expect(CBioPortalStudyLoader.asciiDerivedPatientId(text) == CBioPortalStudyLoader.characterDerivedPatientId(text),
                    "\(text.debugDescription)")
            #expect(CBioPortalStudyLoader.lines(of: text) == text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }),
                    "\(text.debugDescription)")
            if !text.contains("\n") {
                #expect(CBioPortalStudyLoader.splitCaseListIds(text)
                        == text.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "," }).map(String.init), "\(text.debugDescription)")
            }
        }
        // Text that is not ASCII takes the character path.
        #expect(FusionOrientation.asciiStatedOrders("Fusión (A-B)") == nil)
        #expect(CBioPortalStudyLoader.derivePatientId("P-١٢-T01") == "P-١٢")
    }

    /// Loads an id column and returns the ids, or the error ids and messages.
    static func loadIds(_ ids: [String], parallel: Bool = false) -> Result<[String], DiagnosticError> {
        let text = "id\tx\n" + ids.enumerated().map { "\($1)\t\($0)" }.joined(separator: "\n") + "\n"
        let path = TestSupport.write("ids.tsv", text)
        do {
            return .success(Array(try DataLoader.load(path: path, parallel: parallel).dataset.patientIds))
        } catch let e as DiagnosticError {
            return .failure(e)
        } catch {
            Issue.record("unexpected \(error)")
            return .success([])
        }
    }

    @Test func serialIdentifiersLoadLikeAnyText() throws {
        let serial = (0..<5000).map { "P-\(1000 + $0)" }
        var rng = SplitMix64(seed: 5)
        let cases: [[String]] = [
            serial,
            (0..<5000).map { "S-\($0)-T01" },
            (0..<5000).map { String(format: "P%05d", $0) } + ["P1", "P01"],
            Array(serial[..<3000]) + serial[3000...].reversed(),
            Array(serial[..<3000]) + ["Q-1", "Q-2"] + serial[3002...],
            Array(serial[..<2000]) + [#""P-3000""#] + serial[2001...],
            Array(serial[..<2000]) + ["P-", "P-123456789012345678"] + serial[2002...],
            serial.shuffled(using: &rng),
            // Runs kept as numbers: natural digit counts across 9 -> 10, fixed width, and a run
            // that stops being consecutive (a gap) or changes how its numbers are written.
            (0..<5000).map { "P\($0)" },
            (0..<5000).map { String(format: "P%06d", $0) },
            Array(serial[..<3000]) + serial[3005...],
            (0..<3000).map { String(format: "P%04d", $0) } + (3000..<5000).map { "P\($0 * 10)" },
            (0..<2000).map { "P\($0)" } + (2000..<4000).map { String(format: "P%05d", $0) },
        ]
        for ids in cases {
            let expected = ids.map { $0.hasPrefix("\"") ? String($0.dropFirst().dropLast()) : $0 }
            #expect(try LoadFastPathTests.loadIds(ids).get() == expected)
        }
        // A repeated identifier after thousands of serial ones names both lines, as ever.
        let repeated = Array(serial[..<4000]) + [serial[1234]] + serial[4001...]
        guard case let .failure(e) = LoadFastPathTests.loadIds(repeated) else {
            Issue.record("a duplicate identifier loaded")
            return
        }
        #expect(e.diagnostics.map(\.id) == ["data.duplicateIdentifier"])
        #expect(e.diagnostics[0].message.contains("P-2234") && e.diagnostics[0].message.contains("1236"))
    }

    @Test func shortTextCacheGivesTheInternedCodes() throws {
        // Cells read through the batches (with the short-cell cache) and the same cells quoted
        // (each record then read on its own, interning every cell) give the same codes and levels:
        // near-equal cells, cells of 8 and 9 bytes, missing markers, padded cells, the file's first
        // bytes, and more values than the cache is used for.
        let values = ["A", "AA", "B", "Ab", "NA", "", "abcdefgh", "abcdefghi", "x y", " A ", "[u]", "null", "A\u{e9}", "0A"]
        var rng = SplitMix64(seed: 11)
        for levels in [values, values + (0..<40).map { "L\($0)" }] {
            let cells = (0..<6000).map { _ in levels[rng.below(levels.count)] }
            let plain = "c\tn\n" + cells.enumerated().map { "\($1)\t\($0)" }.joined(separator: "\n") + "\n"
            let quoted = "c\tn\n" + cells.enumerated().map { "\"\($1)\"\t\($0)" }.joined(separator: "\n") + "\n"
            let a = try DataLoader.load(path: TestSupport.write("cache-plain.tsv", plain), idColumn: "n").dataset.patients
            let b = try DataLoader.load(path: TestSupport.write("cache-quoted.tsv", quoted), idColumn: "n").dataset.patients
            guard case let .coded(codesA, levelsA) = a.column(named: "c")?.storage,
                  case let .coded(codesB, levelsB) = b.column(named: "c")?.storage else {
                Issue.record("column c is not text")
                return
            }
            #expect(Array(codesA) == Array(codesB))
            #expect(levelsA == levelsB)
            #expect(levelsA.count == Set(levels.map { $0.trimmingCharacters(in: .whitespaces) }).subtracting(["", "NA", "[u]", "null"]).count)
        }
    }

    @Test func wordAtATimeDigitsMatchTheByteLoop() {
        // Every count from 1 to 8, windows of random digits with any byte (of all 256) in any
        // place, and whatever comes before the digits.
        var rng = SplitMix64(seed: 17)
        var window = [UInt8](repeating: 0, count: 8)
        for trial in 0..<20_000 {
            for k in 0..<8 { window[k] = rng.below(4) == 0 ? UInt8(rng.below(256)) : 0x30 + UInt8(rng.below(10)) }
            if trial % 3 == 0 { window[rng.below(8)] = UInt8(trial % 256) }
            for count in 1...8 {
                var expected: UInt64? = 0
                for k in (8 - count)..<8 {
                    let d = window[k] &- 0x30
                    if d >= 10 { expected = nil; break }
                    expected = expected! * 10 + UInt64(d)
                }
                let got = window.withUnsafeBufferPointer { FastDecimal.digits(endingAt: $0.baseAddress! + 8, count: count) }
                #expect(got == expected, "\(window) count \(count)")
                if got != expected { return }
            }
        }
    }

    @Test func smallIntegersReadAsFastDecimalReadsThem() throws {
        // Each text read through the short-integer path is what `FastDecimal.parse` reads, as an
        // integer; a column of them loads with the same cells as the same cells quoted (each
        // record then read on its own, through `FastDecimal.parse`).
        let texts = ["0", "7", "42", "007", "00", "-0", "+5", "-12", "999999999", "1000000000", "2147483647", "2147483648",
                     "4294967296", "12.5", "1e3", "9007199254740993", "NA", "", "Inf", "3 ", "1x"]
        for t in texts {
            let bytes = Array(t.utf8)
            let fast = bytes.withUnsafeBufferPointer { b in b.baseAddress.flatMap { FastDecimal.smallUnsigned($0, b.count, readableFrom: $0) } }
            guard let fast else { continue }
            let general = bytes.withUnsafeBufferPointer { FastDecimal.parse($0.baseAddress!, $0.count) }
            #expect(general?.isInteger == true && general?.value.bitPattern == Double(fast).bitPattern, "\(t)")
        }
        var rng = SplitMix64(seed: 23)
        let numbers = ["0", "7", "42", "-0", "+5", "-12", "999999999", "1000000000", "2147483647", "2147483648", "-2147483648",
                       "12.5", "1e3", "9007199254740993", "NA", "127", "128", "-128", "32767", "32768", "65535"]
        for pool in [Array(numbers[..<3]), Array(numbers[..<10]), numbers, ["1", "2", "0.5"], ["5", "300", "70000"]] {
            let cells = (0..<6000).map { _ in pool[rng.below(pool.count)] }
            let plain = "x\tn\n" + cells.enumerated().map { "\($1)\t\($0)" }.joined(separator: "\n") + "\n"
            let quoted = "x\tn\n" + cells.enumerated().map { "\"\($1)\"\t\($0)" }.joined(separator: "\n") + "\n"
            let a = try DataLoader.load(path: TestSupport.write("ints-plain.tsv", plain), idColumn: "n").dataset.patients
            let b = try DataLoader.load(path: TestSupport.write("ints-quoted.tsv", quoted), idColumn: "n").dataset.patients
            guard let x = a.column(named: "x"), let y = b.column(named: "x"), let cx = x.numbers, let cy = y.numbers else {
                Issue.record("column x is not numeric")
                return
            }
            #expect(x.type == y.type && cx.bytesPerCell == cy.bytesPerCell && x.missingCount == y.missingCount)
            #expect(cx.map(\.bitPattern) == cy.map(\.bitPattern))
        }
    }

    @Test func numericIdentifiersAreCheckedByValue() throws {
        #expect(try LoadFastPathTests.loadIds(["3", "1", "2"]).get() == ["3", "1", "2"])
        guard case let .failure(e) = LoadFastPathTests.loadIds(["1", "-0", "2", "0", "2.0"]) else {
            Issue.record("duplicate numbers loaded")
            return
        }
        // -0 and 0 read the same; so do 2 and 2.0.
        #expect(e.diagnostics.map(\.id) == ["data.duplicateIdentifier", "data.duplicateIdentifier"])
    }
}

@Test func nulSearchInTwoHalvesFindsTheFirstNul() {
    // The two-thread search gives the one-thread answer: the first NUL, wherever the halves meet.
    let n = 1 << 20
    var bytes = [UInt8](repeating: 0x41, count: n)
    bytes.withUnsafeBufferPointer { #expect(FileBytes.firstNul($0.baseAddress!, n, parallel: true) == nil) }
    for places in [[n - 1], [n / 2], [n / 2 - 1, n / 2], [5, n - 3], [n / 2 + 7]] {
        bytes = [UInt8](repeating: 0x41, count: n)
        for p in places { bytes[p] = 0 }
        bytes.withUnsafeBufferPointer { b in
            #expect(FileBytes.firstNul(b.baseAddress!, n, parallel: true) == places.min())
            #expect(FileBytes.firstNul(b.baseAddress!, n, parallel: false) == places.min())
        }
    }
}
