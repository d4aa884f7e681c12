import Foundation
import Testing
@testable import Survival

/// A TSV fixture (header row, "NA" for missing) read into named columns.
struct CoxFixtureTable {
    let header: [String]
    let rows: [[String]]

    init(_ name: String) {
        guard let url = Reference.fixtureURL(name), let text = try? String(contentsOf: url, encoding: .utf8) else {
            header = []; rows = []; return
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        header = lines.isEmpty ? [] : lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        rows = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A numeric column, NaN for NA.
    func numbers(_ name: String) -> [Double] {
        guard let k = header.firstIndex(of: name) else { return [] }
        return rows.map { Double($0[k]) ?? .nan }
    }

    /// A text column.
    func strings(_ name: String) -> [String] {
        guard let k = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[k] }
    }

    /// Integer codes of a numeric column; rows with NA get nil.
    func codes(_ name: String) -> [Int?] {
        numbers(name).map { $0.isNaN ? nil : Int($0) }
    }
}

/// The lung/veteran inputs R's calls use, with rows holding NA in any used column dropped
/// (R's na.omit) before fitting.
struct CoxFixtureData {
    var time: [Double]
    var event: [Bool]
    var entry: [Double]?
    var covariates: [CoxModel.Covariate]
    var strata: [Int32]?
    var cluster: [Int32]?

    /// Keeps rows where every used column is present.
    static func make(time: [Double], status: [Double], entry: [Double]? = nil, covariates: [CoxModel.Covariate],
                     strata: [Int?]? = nil, cluster: [Int?]? = nil, eventCode: Double = 2) -> CoxFixtureData {
        var keep: [Int] = []
        for i in 0..<time.count {
            if time[i].isNaN || status[i].isNaN { continue }
            if let entry, entry[i].isNaN { continue }
            if covariates.contains(where: { $0.values[i].isNaN }) { continue }
            if let strata, strata[i] == nil { continue }
            if let cluster, cluster[i] == nil { continue }
            keep.append(i)
        }
        return CoxFixtureData(
            time: keep.map { time[$0] },
            event: keep.map { status[$0] == eventCode },
            entry: entry.map { e in keep.map { e[$0] } },
            covariates: covariates.map { c in CoxModel.Covariate(name: c.name, values: keep.map { c.values[$0] }, term: c.term) },
            strata: strata.map { s in keep.map { Int32(s[$0]!) } },
            cluster: cluster.map { c in keep.map { Int32(c[$0]!) } })
    }

    func fit(ties: CoxModel.Ties = .efron, robust: Bool? = nil) throws -> CoxModel {
        try CoxModel.fit(time: time, event: event, entry: entry, covariates: covariates, strata: strata,
                         cluster: cluster, options: .init(ties: ties, robust: robust))
    }
}

enum CoxFixtures {
    static let lung = CoxFixtureTable("lung.tsv")
    static let lungLT = CoxFixtureTable("lung_lefttrunc.tsv")
    static let veteran = CoxFixtureTable("veteran.tsv")

    static func lungData(_ names: [String], strata: Bool = false, cluster: Bool = false) -> CoxFixtureData {
        CoxFixtureData.make(time: lung.numbers("time"), status: lung.numbers("status"),
                            covariates: names.map { CoxModel.Covariate(name: $0, values: lung.numbers($0)) },
                            strata: strata ? lung.codes("inst") : nil, cluster: cluster ? lung.codes("inst") : nil)
    }

    static func lungLTData(_ names: [String]) -> CoxFixtureData {
        CoxFixtureData.make(time: lungLT.numbers("time"), status: lungLT.numbers("status"), entry: lungLT.numbers("entry"),
                            covariates: names.map { CoxModel.Covariate(name: $0, values: lungLT.numbers($0)) })
    }

    /// veteran with celltype as indicators (reference level squamous), as R's treatment contrasts.
    static func veteranData(_ names: [String]) -> CoxFixtureData {
        var covs: [CoxModel.Covariate] = []
        for name in names {
            if name == "celltype" {
                let cell = veteran.strings("celltype")
                for level in ["smallcell", "adeno", "large"] {
                    covs.append(CoxModel.Covariate(name: "celltype" + level, values: cell.map { $0 == level ? 1 : 0 }, term: "celltype"))
                }
            } else {
                covs.append(CoxModel.Covariate(name: name, values: veteran.numbers(name)))
            }
        }
        return CoxFixtureData.make(time: veteran.numbers("time"), status: veteran.numbers("status"), covariates: covs, eventCode: 1)
    }
}

/// Compares every field of a reference Cox result with a fitted model.
func expectCoxMatches(_ model: CoxModel, _ id: String, values: [String: Any]? = nil, rel: Double = 1e-10,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    let ref = values ?? Reference.values(id)
    #expect(!ref.isEmpty, "reference \(id) missing", sourceLocation: sourceLocation)
    expectClose(Double(model.n), refDouble(ref["n"]), rel: 0, abs: 0, "\(id) n", sourceLocation: sourceLocation)
    expectClose(Double(model.eventCount), refDouble(ref["nevent"]), rel: 0, abs: 0, "\(id) nevent", sourceLocation: sourceLocation)
    expectClose(Double(model.iterations), refDouble(ref["iter"]), rel: 0, abs: 0, "\(id) iter", sourceLocation: sourceLocation)
    let terms = (ref["terms"] as? [String]) ?? []
    #expect(model.coefficients.map(\.name) == terms, "\(id) terms", sourceLocation: sourceLocation)
    let fields: [(String, KeyPath<CoxModel.Coefficient, Double?>)] = [
        ("coef", \.estimate), ("hr", \.hazardRatio), ("se", \.standardError), ("z", \.z), ("p_wald", \.p),
        ("hr_lower95", \.lower), ("hr_upper95", \.upper), ("naive_se", \.naiveStandardError),
    ]
    for (key, path) in fields {
        guard ref[key] != nil else { continue }
        let expected = refDoubles(ref[key])
        for (j, e) in expected.enumerated() where j < model.coefficients.count {
            if model.coefficients[j].isRedundant && (key == "se" || key == "naive_se") {
                // R reports sqrt(0) = 0 for an NA coefficient; we report nil.
                #expect(model.coefficients[j][keyPath: path] == nil && e == 0, "\(id) \(key)[\(j)] redundant", sourceLocation: sourceLocation)
                continue
            }
            expectClose(model.coefficients[j][keyPath: path], e, rel: rel, "\(id) \(key)[\(j)]", sourceLocation: sourceLocation)
        }
    }
    if let v = ref["var"] as? [String: Any], let rows = v["rows"] as? [[Any]] {
        for (i, row) in rows.enumerated() {
            for (j, e) in row.enumerated() {
                let scale = sqrt(abs(model.variance[i][i] * model.variance[j][j]))
                expectClose(model.variance[i][j], refDouble(e), rel: rel, abs: rel * scale, "\(id) var[\(i),\(j)]", sourceLocation: sourceLocation)
            }
        }
    }
    expectClose(model.logLikelihoodNull, refDouble(ref["loglik_null"]), rel: rel, "\(id) loglik0", sourceLocation: sourceLocation)
    expectClose(model.logLikelihood, refDouble(ref["loglik"]), rel: rel, "\(id) loglik", sourceLocation: sourceLocation)
    let tests: [(String, CoxModel.Test?)] = [("lrt", model.likelihoodRatioTest), ("wald", model.waldTest),
                                             ("score", model.scoreTest), ("robust_score", model.robustScoreTest)]
    for (key, t) in tests {
        guard let r = ref[key] as? [String: Any] else { continue }
        expectClose(t?.statistic, refDouble(r["stat"]), rel: rel, "\(id) \(key) stat", sourceLocation: sourceLocation)
        expectClose(t.map { Double($0.df) }, refDouble(r["df"]), rel: 0, "\(id) \(key) df", sourceLocation: sourceLocation)
        expectClose(t?.p, refDouble(r["p"]), rel: rel, "\(id) \(key) p", sourceLocation: sourceLocation)
    }
    if let c = ref["concordance"] as? [String: Any] {
        let m = model.concordance
        expectClose(m?.concordance, refDouble(c["C"]), rel: rel, "\(id) C", sourceLocation: sourceLocation)
        expectClose(m?.standardError, refDouble(c["se"]), rel: rel, "\(id) C se", sourceLocation: sourceLocation)
        expectClose(m?.concordant, refDouble(c["concordant"]), rel: 0, "\(id) concordant", sourceLocation: sourceLocation)
        expectClose(m?.discordant, refDouble(c["discordant"]), rel: 0, "\(id) discordant", sourceLocation: sourceLocation)
        expectClose(m?.tiedX, refDouble(c["tied_x"]), rel: 0, "\(id) tied.x", sourceLocation: sourceLocation)
        expectClose(m?.tiedY, refDouble(c["tied_y"]), rel: 0, "\(id) tied.y", sourceLocation: sourceLocation)
        expectClose(m?.tiedXY, refDouble(c["tied_xy"]), rel: 0, "\(id) tied.xy", sourceLocation: sourceLocation)
    }
    expectClose(model.rSquared, refDouble(ref["rsq"]), rel: rel, "\(id) rsq", sourceLocation: sourceLocation)
}

/// Results written by Fixtures/cox_extra.R (cox_extra.json), keyed by id.
enum CoxExtraReference {
    nonisolated(unsafe) static let results: [String: [String: Any]] = {
        guard let url = Reference.fixtureURL("cox_extra.json"), let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["results"] as? [[String: Any]] else { return [:] }
        var out: [String: [String: Any]] = [:]
        for r in list { if let id = r["id"] as? String, let v = r["values"] as? [String: Any] { out[id] = v } }
        return out
    }()

    static func values(_ id: String) -> [String: Any] { results[id] ?? [:] }

    /// R's warnings for a result ("" entries dropped).
    static func warnings(_ id: String) -> [String] {
        ((values(id)["warnings"] as? [Any]) ?? []).compactMap { $0 as? String }.filter { !$0.isEmpty }
    }

    static let synthetic = CoxFixtureTable("cox_extra_data.tsv")

    /// The synthetic cohort of cox_extra.R.
    static func syntheticData(entry: Bool = false, strata: Bool = false, cluster: Bool = false) -> CoxFixtureData {
        let t = synthetic
        return CoxFixtureData.make(time: t.numbers("time"), status: t.numbers("status"),
                                   entry: entry ? t.numbers("entry") : nil,
                                   covariates: ["x1", "x2", "x3"].map { CoxModel.Covariate(name: $0, values: t.numbers($0)) },
                                   strata: strata ? t.codes("strat") : nil, cluster: cluster ? t.codes("clus") : nil,
                                   eventCode: 1)
    }
}
