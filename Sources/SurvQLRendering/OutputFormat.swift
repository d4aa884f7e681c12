import SurvQLRuntime

/// The output formats of batch mode and the REPL's `.mode`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv

    /// One result in this format; for `csv` the tidy table of `ResultCSV.render` (batch mode's
    /// standard output uses the long format instead, `ResultCSV.longRows`).
    public func render(_ r: StatementResult) -> String {
        switch self {
        case .table: return ResultText.render(r)
        case .json: return ResultJSON.object(r).serialized() + "\n"
        case .csv: return ResultCSV.render(r)
        }
    }

    /// The exporter for `export last` (JSON, CSV or TSV).
    public static let exporter: ResultExporter = { r, format in
        switch format {
        case "csv": return ResultCSV.render(r)
        case "tsv": return ResultCSV.render(r, separator: "\t")
        default: return ResultJSON.object(r).serialized() + "\n"
        }
    }

    /// The figure renderer for `plot`.
    public static let figureRenderer: FigureRenderer = { FigureSVG.render($0) }
}
