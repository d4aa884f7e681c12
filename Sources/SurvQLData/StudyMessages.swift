import SurvQLSyntax

/// Diagnostics about the structure of a cBioPortal study (meta files, case lists, the gene
/// panel matrix), so that no part of a study is dropped or misread without a word.
enum StudyMessages {
    /// How many example identifiers a warning quotes.
    static let examples = 3

    /// A meta file without `genetic_alteration_type`: whatever data it was meant to describe is
    /// not loaded.
    static func uselessMeta(_ path: String, file: String, empty: Bool) -> Diagnostic {
        Diagnostic(id: "data.emptyMeta", severity: .warning,
                   message: empty ? "the meta file '\(file)' is empty; the data it describes is not loaded"
                                  : "the meta file '\(file)' has no genetic_alteration_type; the data it describes is not loaded",
                   location: .data(path: path, line: 1, column: 1, lineText: nil),
                   hint: "a meta file needs genetic_alteration_type, datatype and data_filename lines (see cBioPortal's file formats)")
    }

    /// One warning per clinical or genomic data file of the study that no meta file names.
    static func unnamedDataFiles(dir: String, entries: [String], metas: [CBioPortalStudyLoader.Meta]) -> [Diagnostic] {
        let named = Set(metas.compactMap(\.dataFile))
        let relevant = ["data_clinical", "data_sv", "data_fusion", "data_structural", "data_cna", "data_mutation"]
        return entries.filter { f in
            !named.contains(f) && relevant.contains { f.hasPrefix($0) } && (f.hasSuffix(".txt") || f.hasSuffix(".maf"))
                && !f.contains("seg") && !f.contains("log2")
        }.map { f in
            Diagnostic(id: "data.unnamedDataFile", severity: .warning,
                       message: "no meta file names '\(f)'; it is not loaded",
                       location: .data(path: dir + "/" + f, line: 1, column: 1, lineText: nil),
                       hint: "add a meta_*.txt file with data_filename: \(f)")
        }
    }

    /// A warning when `ids` name samples not in `known`, with the count and a few examples;
    /// those samples are ignored, so they never count as profiled.
    static func unknownSamples(_ ids: [String], in path: String, what: String, known: inout IdentifierIndex) -> Diagnostic? {
        var unknown: [String] = []
        var seen = Set<String>()
        for id in ids where known.row(of: id) == nil && seen.insert(id).inserted { unknown.append(id) }
        guard !unknown.isEmpty else { return nil }
        let shown = unknown.prefix(examples).map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(id: "data.unknownSample", severity: .warning,
                          message: "\(what) names \(unknown.count) sample\(unknown.count == 1 ? "" : "s") that \(unknown.count == 1 ? "is" : "are") not in the study (\(shown)\(unknown.count > examples ? ", ..." : "")); \(unknown.count == 1 ? "it is" : "they are") ignored and not counted as profiled",
                          location: .data(path: path, line: 1, column: 1, lineText: nil),
                          hint: "the clinical sample file defines the study's samples")
    }

    /// One `unknownSamples` warning per case list that names unknown samples.
    static func unknownCaseListSamples(_ lists: [CBioPortalStudyLoader.CaseList], dir: String, known: inout IdentifierIndex) -> [Diagnostic] {
        lists.compactMap { unknownSamples($0.ids, in: dir + "/" + $0.file, what: "the case list \($0.stableId)", known: &known) }
    }
}
