import SurvQLSemantics
import SurvQLSyntax

/// Classifies every token and comment of a source for semantic highlighting: names by what the
/// parser and checker found them to be, and by their neighbours where a statement does not parse.
struct TokenClassifier {
    let document: AnalysisDocument

    func classify() -> [SemanticToken] {
        var roles: [Int: NameReference.Role] = [:]
        for s in document.script.statements {
            for r in NameReference.all(in: s) { roles[r.name.range.start] = r.role }
        }
        let cohortNames = Set(document.symbols.definitions.map(\.name)).union(document.context.cohorts.keys)
        let (tokens, comments) = document.allTokens()
        var out: [SemanticToken] = comments.map { SemanticToken(range: $0, kind: .comment) }
        var statementStart = true
        var previous: Token? = nil
        for t in tokens {
            defer {
                if t.kind == .semicolon || (t.kind == .newline && t.isSeparator) { statementStart = true } else if t.kind != .newline { statementStart = false }
                if t.kind != .newline { previous = t }
            }
            let kind: SemanticToken.Kind?
            var isDefinition = false
            switch t.kind {
            case .newline, .endOfFile:
                kind = nil
            case .string:
                kind = .string
            case .number:
                kind = .number
            case .invalid:
                let first = t.range.start < document.file.bytes.count ? document.file.bytes[t.range.start] : 0
                kind = first == 34 || first == 39 ? .string : (first >= 48 && first <= 57 ? .number : .operator)
            case .keyword, .identifier:
                if let role = roles[t.range.start] {
                    isDefinition = role == .cohortDefinition
                    kind = Self.kind(of: role)
                } else if let k = t.keyword, !t.isQuotedName {
                    kind = statementStart && k.isVerb ? .verb : .keyword
                } else if let p = previous, p.kind == .pipe || p.kind == .colonColon || (p.keyword.map(Keyword.alterations.contains) ?? false) {
                    kind = .gene
                } else if cohortNames.contains(t.text) {
                    kind = .cohort
                } else {
                    kind = .column
                }
            default:
                kind = .operator
            }
            if let kind { out.append(SemanticToken(range: t.range, kind: kind, isDefinition: isDefinition)) }
        }
        return out.sorted { $0.range.start < $1.range.start }
    }

    static func kind(of role: NameReference.Role) -> SemanticToken.Kind {
        switch role {
        case .cohortDefinition, .cohortUse: return .cohort
        case .column, .endpoint: return .column
        case .gene: return .gene
        case .proteinChange: return .string
        case .option, .word: return .keyword
        }
    }
}
