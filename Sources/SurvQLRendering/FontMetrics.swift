/// The advance widths of one font, for laying figures out from the text they hold: every
/// margin, legend and table column of a plot is measured with these numbers, and the figure
/// tests check for clipping and overlap with the same numbers.
///
/// Widths are per 1000 units of em. A character missing from the table counts as a full em,
/// so an unexpected character can only make the layout roomier.
public struct FontMetrics: Sendable {
    /// Height above the baseline, per 1000 of em.
    public let ascent: Double
    /// Depth below the baseline, per 1000 of em.
    public let descent: Double
    /// The width of a character not in the table.
    public let fallback: Double
    public let widths: [UInt32: Double]

    public init(ascent: Double, descent: Double, fallback: Double, widths: [UInt32: Double]) {
        self.ascent = ascent
        self.descent = descent
        self.fallback = fallback
        self.widths = widths
    }

    /// The width of `text` set at `size` pixels.
    public func width(_ text: String, size: Double) -> Double {
        var units = 0.0
        for scalar in text.unicodeScalars { units += widths[scalar.value] ?? fallback }
        return units * size / 1000
    }
}

/// A font family as the figures use it: the name written into the SVG, and the metrics of its
/// regular and bold faces.
public struct FontFamily: Sendable {
    /// The CSS `font-family` list written into the SVG.
    public let css: String
    public let regular: FontMetrics
    public let bold: FontMetrics

    /// The default: DejaVu Sans, installed with rsvg-convert on Debian.
    public static let dejaVuSans = FontFamily(css: "DejaVu Sans, Verdana, sans-serif", regular: .dejaVuSans, bold: .dejaVuSansBold)

    /// The family for a `font "..."` option. Serif and monospaced families are measured with
    /// DejaVu Serif and DejaVu Sans Mono; any other family (Helvetica, Arial, Liberation Sans)
    /// with DejaVu Sans, which is wider than them, so text set in them still fits.
    public static func named(_ name: String?) -> FontFamily {
        guard let name, !name.isEmpty else { return .dejaVuSans }
        let clean = name.filter { !"\"'<>&;".contains($0) }
        let lower = clean.lowercased()
        if lower.contains("mono") || lower.contains("courier") {
            return FontFamily(css: "\(clean), DejaVu Sans Mono, monospace", regular: .dejaVuSansMono, bold: .dejaVuSansMono)
        }
        if lower.contains("serif") && !lower.contains("sans") || lower.contains("times") || lower.contains("georgia") {
            let bold = FontMetrics(ascent: 928, descent: 236, fallback: 1000, widths: FontMetrics.dejaVuSerif.widths.mapValues { $0 * 1.1 })
            return FontFamily(css: "\(clean), DejaVu Serif, serif", regular: .dejaVuSerif, bold: bold)
        }
        return FontFamily(css: "\(clean), DejaVu Sans, sans-serif", regular: .dejaVuSans, bold: .dejaVuSansBold)
    }
}
