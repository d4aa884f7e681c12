import SurvQLRuntime

/// Draws a `FigureSpec` as a standalone SVG document.
public enum FigureSVG {
    public static func render(_ spec: FigureSpec) -> String {
        switch spec.content {
        case let .survival(s, c): return KaplanMeierFigure(s: s, comparison: c, spec: spec).render()
        case let .forest(c): return ForestFigure(c: c, spec: spec).render()
        case let .balance(m): return BalanceFigure(m: m, spec: spec).render()
        }
    }
}
