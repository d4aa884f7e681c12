import Foundation

/// A figure's SVG text as the bytes of its file: as it is for `.svg`, or converted to PNG or PDF
/// by `rsvg-convert` (Debian's librsvg2-bin). `OutputFile` writes them, as it writes `export`s.
enum FigureWriter {
    enum Failure: Error {
        case converterMissing
        case conversionFailed(String)
        case cannotWrite(String)
    }


    /// The bytes of the figure in `format` (`svg`, `png`, `pdf`): the SVG text itself, or its
    /// conversion by `rsvg-convert`, PNG at `dpi` dots per inch taking the SVG's pixels as 96 per
    /// inch. The caller writes them (`OutputFile`: never over loaded data, atomically).
    static func render(svg: String, format: String, dpi: Double) throws(Failure) -> [UInt8] {
        if format == "svg" { return Array(svg.utf8) }
        guard let converter = findExecutable("rsvg-convert") else { throw .converterMissing }
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("survql-plot-\(UUID().uuidString)")
        let input = stem.appendingPathExtension("svg"), converted = stem.appendingPathExtension(format)
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: converted)
        }
        do { try svg.write(to: input, atomically: false, encoding: .utf8) } catch { throw .cannotWrite((error as NSError).localizedDescription) }
        var arguments = ["-f", format, "-o", converted.path]
        if format == "png" {
            let d = String(format: "%g", dpi)
            arguments += ["-z", String(format: "%.6g", dpi / 96), "-d", d, "-p", d]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = arguments + [input.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .conversionFailed((error as NSError).localizedDescription) }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .conversionFailed(text.isEmpty ? "exit status \(process.terminationStatus)" : text)
        }
        guard let data = FileManager.default.contents(atPath: converted.path) else { throw .conversionFailed("no output") }
        return Array(data)
    }

    /// The first executable called `name` on the PATH.
    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
