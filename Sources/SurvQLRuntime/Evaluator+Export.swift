import Foundation
import SurvQLData
import SurvQLSyntax

/// Turns a result into file contents for `export last to "FILE"`; set by the front end
/// (the rendering module knows the formats). `format` is `json`, `csv`, `tsv` or `svg`.
public typealias ResultExporter = @Sendable (_ result: StatementResult, _ format: String) -> String

extension Evaluator {
    /// The formats `export` writes, by extension.
    static let exportFormats = ["json", "jsonl", "csv", "tsv"]

    mutating func evaluateExport(_ s: ExportStatement) throws -> StatementResult? {
        guard let target = s.target, let pathLit = s.path, let written = pathLit.string else { return nil }
        let path = try expandParameters(written, pathLit.range)
        let output = try outputFile(path, pathLit.range, overwrite: s.overwrite != nil)
        let format = try outputFormat(path, output, pathLit.range, allowed: Self.exportFormats,
                                      fallback: { if case .last = target { return "json" } else { return "tsv" } }())
        let contents: String
        switch target {
        case let .last(r):
            guard let last = session.lastResult else { throw error(RuntimeMessages.nothingToExport, r) }
            guard let exporter = session.exporter else { throw error(RuntimeMessages.notYet("export"), r) }
            contents = exporter(last, format)
        case let .cohort(name):
            let c = try cohort(name)
            contents = format == "json" ? Self.jsonRows(c) : Self.delimited(c, separator: format == "csv" ? "," : "\t")
        }
        try write(contents, to: output, path, pathLit.range)
        return result(.message(MessageResult(verb: "export", text: "wrote \(path)", facts: [("path", path)])))
    }

    /// Inspects the target of `export` or `plot`: a file any cohort of the session was loaded
    /// from, a file inside a loaded study folder, or a query file of the session is refused
    /// always; another existing regular file only without `overwrite`.
    func outputFile(_ path: String, _ range: SourceRange, overwrite: Bool) throws -> OutputFile {
        let resolved = path == "-" ? "-" : resolvePath(path, mustExist: false)
        let output: OutputFile
        do {
            output = try OutputFile(path: resolved)
        } catch let failure {
            throw error(RuntimeMessages.cannotWrite(path, failure.reason), range)
        }
        if let input = session.protectedPaths.first(where: { output.isInside($0) }) {
            throw error(RuntimeMessages.wouldOverwriteInput(path, displayPath(input)), range,
                        hint: "write the results to a new file; loaded data and query files are never overwritten")
        }
        if output.kind == .regularFile && !overwrite {
            throw error(RuntimeMessages.fileExists(path), range, hint: "add 'overwrite' after the file name to replace it, or choose a new name")
        }
        return output
    }

    /// The format a path's extension asks for, among `allowed`; streams and `-` without a
    /// known extension get `fallback`.
    func outputFormat(_ path: String, _ output: OutputFile, _ range: SourceRange, allowed: [String], fallback: String) throws -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        if allowed.contains(ext) { return ext == "jsonl" ? "json" : ext }
        switch output.kind {
        case .standardOutput, .stream: return fallback
        default:
            throw error(RuntimeMessages.unsupportedFormat(path, allowed.map { "." + $0 }.joined(separator: ", ")), range,
                        hint: "name the file with one of those extensions")
        }
    }

    /// Writes `contents` to the checked target, as a located error on failure.
    func write(_ contents: String, to output: OutputFile, _ path: String, _ range: SourceRange) throws {
        do {
            try output.write(contents, standardOutput: session.standardOutput)
        } catch let failure {
            throw error(RuntimeMessages.cannotWrite(path, failure.reason), range)
        }
    }

    /// A cohort as a delimited table: the identifier first, then every column.
    static func delimited(_ c: Cohort, separator: Character) -> String {
        func quote(_ s: String) -> String {
            if s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        let idName = c.unit == .sample ? "SAMPLE_ID" : (c.dataset.patientIdColumn ?? "PATIENT_ID")
        let cols = c.table.columns.filter { $0.name.lowercased() != idName.lowercased() }
        var out = ([idName] + cols.map(\.name)).map(quote).joined(separator: String(separator)) + "\n"
        let rows = c.rows
        for i in 0..<c.count {
            var fields = [quote(c.identifier(ofRow: Int(rows[i])))]
            for col in cols { fields.append(col.isMissing(i) ? "" : quote(col.displayString(at: i))) }
            out += fields.joined(separator: String(separator)) + "\n"
        }
        return out
    }

    /// A cohort as a JSON array of row objects: the identifier first, then every column;
    /// missing cells and non-finite numbers are `null`.
    static func jsonRows(_ c: Cohort) -> String {
        func string(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        let idName = c.unit == .sample ? "SAMPLE_ID" : (c.dataset.patientIdColumn ?? "PATIENT_ID")
        let cols = c.table.columns.filter { $0.name.lowercased() != idName.lowercased() }
        let keys = ([idName] + cols.map(\.name)).map(string)
        var out = "[\n"
        let rows = c.rows
        for i in 0..<c.count {
            var fields = [keys[0] + ": " + string(c.identifier(ofRow: Int(rows[i])))]
            for (k, col) in cols.enumerated() {
                let value: String
                if col.isMissing(i) {
                    value = "null"
                } else if col.type.isNumeric {
                    let x = col.number(at: i)
                    value = !x.isFinite ? "null" : col.type == .boolean ? (x != 0 ? "true" : "false")
                        : col.type == .date ? string(col.displayString(at: i)) : Column.format(x, as: col.type)
                } else {
                    value = string(col.displayString(at: i))
                }
                fields.append(keys[k + 1] + ": " + value)
            }
            out += "  {" + fields.joined(separator: ", ") + "}" + (i + 1 < c.count ? ",\n" : "\n")
        }
        return out + "]\n"
    }
}
