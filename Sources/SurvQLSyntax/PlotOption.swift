/// One figure option as written: its canonical name (`risk table`) and its values, each with
/// its range (a string, a number, or on/off as a boolean, a bare word as a string).
public struct PlotOption: Sendable {
    public var name: String
    public var range: SourceRange
    public var values: [Literal]
    public init(name: String, range: SourceRange, values: [Literal]) {
        self.name = name
        self.range = range
        self.values = values
    }

    /// The value shapes of the options, by canonical name.
    public enum Shape: Sendable {
        case string, strings, number, numberRange, size, onOff, word([String])
    }

    /// Every option the plot statement accepts, with the shape of its value.
    public static let shapes: [(name: String, shape: Shape)] = [
        ("title", .string), ("subtitle", .string), ("xlab", .string), ("ylab", .string), ("font", .string),
        ("labels", .strings), ("colors", .strings), ("xlim", .numberRange), ("break", .number), ("size", .size),
        ("bands", .onOff), ("risk table", .onOff), ("events table", .onOff), ("censor marks", .onOff),
        ("median lines", .onOff), ("pvalue", .onOff), ("legend", .word(["right", "bottom", "inside", "none"])),
    ]

    /// The words that start an option (`risk` starts `risk table`), with their spellings.
    public static let leadingWords: [String: String] = [
        "title": "title", "subtitle": "subtitle", "xlab": "xlab", "ylab": "ylab", "font": "font",
        "labels": "labels", "colors": "colors", "colours": "colors", "xlim": "xlim", "break": "break",
        "breaks": "break", "size": "size", "bands": "bands", "risk": "risk table", "events": "events table",
        "censor": "censor marks", "median": "median lines", "pvalue": "pvalue", "legend": "legend",
    ]
}
