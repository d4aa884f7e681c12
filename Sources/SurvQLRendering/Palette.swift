/// The default colours of figures: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
/// Design"), distinguishable with every common colour-vision deficiency, ordered so the first
/// colours contrast most on white (its yellow comes last), then two more for ten groups.
enum Palette {
    static let okabeIto = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255", "#999999", "#F0E442"]

    /// The colour of group `k`: the user's list when given, else the palette (cycled).
    static func color(_ k: Int, _ custom: [String]?) -> String {
        if let custom, !custom.isEmpty { return custom[k % custom.count] }
        return okabeIto[k % okabeIto.count]
    }
}
