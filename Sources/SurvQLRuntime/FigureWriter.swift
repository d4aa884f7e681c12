import Foundation

/// Writes a figure's SVG text to a file: as it is for `.svg`, or converted to PNG or PDF by
/// `rsvg-convert` (Debian's librsvg2-bin). The one place `plot` touches the file system, so it
/// can be swapped for the project's shared file writer.
enum FigureWriter {
    enum Failure: Error {
        case converterMissing
        case conversionFailed(String)
        case cannotWrite(String)
    }

    /// Writes `svg` to `path` in `format` (`svg`, `png`, `pdf`); PNG at `dpi` dots per inch,
    /// taking the SVG's pixels as 96 per inch.
    static func write(svg: String, to path: String, format: String, dpi: Double) throws(Failure) {
        if format == "svg" {
            do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch { throw .cannotWrite((error as NSError).localizedDescription) }
            return
        }
        guard let converter = findExecutable("rsvg-convert") else { throw .converterMissing }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("survql-plot-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do { try svg.write(to: temporary, atomically: false, encoding: .utf8) } catch { throw .cannotWrite((error as NSError).localizedDescription) }
        var arguments = ["-f", format, "-o", path]
        if format == "png" {
            let d = String(format: "%g", dpi)
            arguments += ["-z", String(format: "%.6g", dpi / 96), "-d", d, "-p", d]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = arguments + [temporary.path]
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
