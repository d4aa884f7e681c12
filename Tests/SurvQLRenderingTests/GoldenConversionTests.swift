import Foundation
import Testing

/// Every golden figure converts to PNG with rsvg-convert (librsvg2-bin, installed by
/// scripts/setup.sh): the SVG the project writes is one that the converter reads.
@Suite struct GoldenConversionTests {
    static let goldens: [String] = {
        let dir = packageRoot.appendingPathComponent("Tests/SurvQLRenderingTests/Goldens")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".svg") }.sorted()
    }()

    @Test func thereAreGoldens() {
        #expect(Self.goldens.count >= 7)
    }

    @Test(arguments: goldens)
    func convertsToPNG(_ name: String) throws {
        let input = packageRoot.appendingPathComponent("Tests/SurvQLRenderingTests/Goldens/\(name)")
        let output = scratch.appendingPathComponent(name + ".png")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["rsvg-convert", "-f", "png", "-o", output.path, input.path]
        let errors = Pipe()
        p.standardError = errors
        try p.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(name): \(message)")
        #expect(message.isEmpty, "\(name): \(message)")
        let data = try Data(contentsOf: output)
        #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }
}
