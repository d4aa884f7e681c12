import Dispatch
import Foundation
import SurvQLData
import SurvQLRuntime
import SurvQLSyntax

/// Schemas of data sets, learned in the background and cached by resolved path and
/// modification time (gopls' file cache), plus schemas of a session's in-memory cohorts cached
/// by identity.
///
/// A request never blocks on a load: it answers from the cache, or starts the load on a
/// background queue and answers `.loading`. `waitForLoads()` waits for the loads under way
/// (tests, the command line). Thread-safe: all mutable state is guarded by `lock`.
public final class SchemaCache: @unchecked Sendable {
    /// The cache every `AnalysisHost` uses unless given its own.
    public static let shared = SchemaCache()

    /// What is known of a load target.
    public enum Lookup: Sendable, Equatable {
        /// The schema, learned from the data.
        case ready(CohortSchema)
        /// The target exists but is not a study or table (the loader's message and hint).
        case failed(message: String, hint: String?)
        /// A background load is under way; ask again later.
        case loading
        /// Nothing is at the path.
        case missing
    }

    struct Key: Hashable {
        var path: String
        var idColumn: String?
        var perSample: Bool
    }

    private struct Entry {
        var stamp: String
        var lookup: Lookup
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var sessionCohorts: [ObjectIdentifier: (cohort: Cohort, schema: CohortSchema)] = [:]
    private var datasetGenes: [ObjectIdentifier: (dataset: Dataset, genes: [GeneInfo])] = [:]
    private let group = DispatchGroup()
    private let queue = DispatchQueue(label: "survql.schemas", qos: .utility, attributes: .concurrent)

    public init() {}

    /// The schema of the data set at `path` (already resolved), or `.loading` after starting to
    /// learn it, or `.missing`. A changed modification time starts a new load.
    public func schema(path: String, idColumn: String? = nil, perSample: Bool = false) -> Lookup {
        guard let stamp = FileStamp.of(path) else { return .missing }
        return lookup(Key(path: path, idColumn: idColumn, perSample: perSample), stamp: stamp) {
            try DataLoader.load(path: path, idColumn: idColumn).dataset
        }
    }

    /// The schema of a built-in demo data set (`demo ntrk`).
    public func schema(demo name: String, perSample: Bool = false) -> Lookup {
        lookup(Key(path: "demo:" + name.lowercased(), idColumn: nil, perSample: perSample), stamp: "") {
            try DataLoader.demo(name).dataset
        }
    }

    /// Waits until every load started so far has finished.
    public func waitForLoads() {
        group.wait()
    }

    /// Forgets everything (for benchmarks that measure a cold schema).
    public func removeAll() {
        lock.withLock {
            entries.removeAll()
            sessionCohorts.removeAll()
            datasetGenes.removeAll()
        }
    }

    private func lookup(_ key: Key, stamp: String, load: @escaping @Sendable () throws -> Dataset) -> Lookup {
        let answer: Lookup? = lock.withLock {
            if let e = entries[key], e.stamp == stamp { return e.lookup }
            entries[key] = Entry(stamp: stamp, lookup: .loading)
            return nil
        }
        if let answer { return answer }
        queue.async(group: group) { [self] in
            let lookup: Lookup
            do {
                let dataset = try load()
                let table = key.perSample ? (dataset.sampleView() ?? dataset.patients) : dataset.patients
                lookup = .ready(CohortSchema.build(table: table, dataset: dataset, patients: dataset.patientCount))
            } catch let e as DiagnosticError {
                lookup = .failed(message: e.diagnostics.first?.message ?? "cannot load this data", hint: e.diagnostics.first?.hint)
            } catch {
                lookup = .failed(message: "\(error)", hint: nil)
            }
            lock.withLock {
                // A newer request for a changed file may have replaced the entry meanwhile.
                if entries[key]?.stamp == stamp { entries[key] = Entry(stamp: stamp, lookup: lookup) }
            }
        }
        return .loading
    }

    /// The schema of a session's cohort, computed once per cohort object (cohorts are immutable)
    /// and sharing the gene counts of its dataset.
    public func schema(of cohort: Cohort) -> CohortSchema {
        let id = ObjectIdentifier(cohort), dsId = ObjectIdentifier(cohort.dataset)
        let cached: (CohortSchema?, [GeneInfo]?) = lock.withLock {
            let s = sessionCohorts[id].flatMap { $0.cohort === cohort ? $0.schema : nil }
            let g = datasetGenes[dsId].flatMap { $0.dataset === cohort.dataset ? $0.genes : nil }
            return (s, g)
        }
        if let s = cached.0 { return s }
        let genes = cached.1 ?? CohortSchema.geneInfos(cohort.dataset.alterations)
        var schema = CohortSchema.build(table: cohort.table, dataset: cohort.dataset, patients: cohort.count, genes: genes)
        schema.source = cohort.origin
        lock.withLock {
            if sessionCohorts.count > 256 { sessionCohorts.removeAll() }
            if datasetGenes.count > 64 { datasetGenes.removeAll() }
            sessionCohorts[id] = (cohort, schema)
            datasetGenes[dsId] = (cohort.dataset, genes)
        }
        return schema
    }
}
