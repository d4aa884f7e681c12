/// Everything a figure needs: the numbers (computed by the same code as `survive`, `compare`
/// and `match`) and the options written in the `plot` statement. The rendering module turns it
/// into SVG; nothing here knows how it is drawn.
public struct FigureSpec: Sendable {
    /// The numbers a figure shows.
    public enum Content: Sendable {
        /// Kaplan–Meier curves, with the comparison of the groups for the annotation (nil for one
        /// group, or when the comparison could not be computed).
        case survival(SurvivalResult, ComparisonResult?)
        /// A forest plot of a Cox model's hazard ratios.
        case forest(ComparisonResult)
        /// A love plot of a match's standardized mean differences.
        case balance(MatchResult)
    }

    /// Where the legend of a Kaplan–Meier plot goes.
    public enum LegendPlacement: String, Sendable {
        case right, bottom, inside, none
    }

    public var content: Content
    /// Draws 1 − S (cumulative incidence) instead of S.
    public var incidence = false
    public var title: String?
    public var subtitle: String?
    public var xLabel: String?
    public var yLabel: String?
    /// The font family (default DejaVu Sans, the font rsvg-convert finds on Debian).
    public var font: String?
    /// Group labels replacing the data's, in group order.
    public var labels: [String]?
    /// Colours in group order (`#RRGGBB` or CSS names).
    public var colors: [String]?
    /// The time axis range; nil for 0 to the last follow-up time.
    public var xFrom: Double?
    public var xTo: Double?
    /// Canvas size in pixels (96 per inch); nil for the default, grown as the text needs.
    public var width: Double?
    public var height: Double?
    /// Confidence bands; nil for the default (on for up to 3 groups).
    public var bands: Bool?
    public var riskTable = true
    public var eventsTable = false
    public var censorMarks = true
    public var medianLines = true
    public var pValue = true
    /// nil: right, or bottom when the labels are long.
    public var legend: LegendPlacement?

    public init(content: Content) {
        self.content = content
    }
}

/// Turns a figure into SVG text; front ends set it from the rendering module
/// (`OutputFormat.figureRenderer`).
public typealias FigureRenderer = @Sendable (FigureSpec) -> String
