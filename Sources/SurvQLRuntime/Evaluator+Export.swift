import Foundation
import SurvQLData
import SurvQLSyntax

/// Turns a result into file contents for `export last to "FILE"`; set by the front end
/// (the rendering module knows the formats). `format` is `json` or `csv`.
public typealias ResultExporter = @Sendable (_ result: StatementResult, _ format: String) -> String

extension Evaluator {
    mutating func evaluateExport(_ s: ExportStatement) throws -> StatementResult? {
        guard let target = s.target, let pathLit = s.path, let written = pathLit.string else { return nil }
        let path = try expandParameters(written, pathLit.range)
        let resolved = resolvePath(path, mustExist: false)
        let lower = path.lowercased()
        let contents: String
        switch target {
        case let .last(r):
            guard let last = session.lastResult else { throw error(RuntimeMessages.nothingToExport, r) }
            guard let exporter = session.exporter else { throw error(RuntimeMessages.notYet("export"), r) }
            contents = exporter(last, lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") ? "csv" : "json")
        case let .cohort(name):
            let c = try cohort(name)
            contents = Self.delimited(c, separator: lower.hasSuffix(".csv") ? "," : "\t")
        }
        do {
            try contents.write(toFile: resolved, atomically: true, encoding: .utf8)
        } catch {
            throw self.error(RuntimeMessages.cannotWrite(path, (error as NSError).localizedDescription), pathLit.range)
        }
        return result(.message(MessageResult(verb: "export", text: "wrote \(path)", facts: [("path", path)])))
    }

    /// A cohort as a delimited table: the identifier first, then every column.
    static func delimited(_ c: Cohort, separator: Character) -> String {
        func quote(_ s: String) -> String {
            if s.contains(separator) || s.contains("\"") || s.contains("\n") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        let idName = c.unit == .sample ? "SAMPLE_ID" : (c.dataset.patientIdColumn ?? "PATIENT_ID")
        let cols = c.table.columns.filter { $0.name.lowercased() != idName.lowercased() }
        var out = ([idName] + cols.map(\.name)).map(quote).joined(separator: String(separator)) + "\n"
        for i in 0..<c.count {
            var fields = [quote(c.identifier(at: i))]
            for col in cols { fields.append(col.isMissing(i) ? "" : quote(col.displayString(at: i))) }
            out += fields.joined(separator: String(separator)) + "\n"
        }
        return out
    }
}
