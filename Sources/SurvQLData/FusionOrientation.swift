/// Which site of a structural variant is the 5' (upstream) partner of the fusion transcript, as
/// far as the row says; `unknown` when nothing in it settles the question.
///
/// The rules, in order (checked on the three MSK studies in `../shared/data`: wherever a row has
/// both a stated order and strands, they agree on every one of its 2,555 rows):
/// 1. A side with no gene, or both sides the same gene: the gene side, or the gene, is upstream
///    as far as partner queries go when the strand rule below cannot say more; an intragenic
///    event has one orientation either way round.
/// 2. A stated order in `Event_Info`: `{A:B}` (msk_met_2021, nsclc_pd1_msk_2018),
///    `Protein fusion: in frame (A-B)` / `Transcript fusion (A-B)` (every MSK study), and
///    Archer's RNA calls `A-B fusion - Archer`, all 5' gene first. A name that matches one site
///    gene settles the order even when the other was renamed (`WHSC1L1` for `NSD3`).
/// 3. Strands and the connection: `Site1_Description` / `Site2_Description` give each gene's
///    strand (`Intron of ALK(-): ...`), `Connection_Type` (`3to5`, `5to5`, ...) which end of each
///    site's piece is joined. A side keeps its gene's 5' part when the piece lies on the
///    genomic-left of the break and the gene is on `+`, or on the right and the gene is on `-`;
///    the side keeping the 5' part is upstream. Both sides keeping the same end (an antisense
///    or non-productive join) leaves the orientation unknown.
/// Plain `A-B Fusion` (the structural-variant caller's site 1–site 2 label, which agrees with
/// the transcript order about half the time) and free text (`Antisense fusion`) state nothing.
public enum FusionOrientation: String, Sendable, Hashable {
    case site1Upstream
    case site2Upstream
    case unknown

    /// The orientation of one row; genes upper case, strands `+`/`-`, `connection` as the
    /// `Connection_Type` column (`3to5`).
    public static func decide(eventInfo: String?, site1Gene a: String?, site2Gene b: String?,
                              site1Intergenic: Bool, site2Intergenic: Bool,
                              site1Strand: Character? = nil, site2Strand: Character? = nil,
                              connection: String? = nil) -> FusionOrientation {
        if let a, let b, a == b { return .site1Upstream }
        if let a, let b {
            for (up, down) in statedOrders(eventInfo).map({ ($0.0.uppercased(), $0.1.uppercased()) }) {
                let first = up == a || down == b, second = up == b || down == a
                if first && !second { return .site1Upstream }
                if second && !first { return .site2Upstream }
            }
        }
        let k1 = keepsFivePrime(strand: site1Strand, end: connection?.first, intergenic: site1Intergenic)
        let k2 = keepsFivePrime(strand: site2Strand, end: connection?.last, intergenic: site2Intergenic)
        switch (k1, k2) {
        case (true?, false?): return .site1Upstream
        case (false?, true?): return .site2Upstream
        // One gene side, the other intergenic: the gene side alone decides.
        case (true?, nil) where site2Intergenic: return .site1Upstream
        case (false?, nil) where site2Intergenic: return .site2Upstream
        case (nil, false?) where site1Intergenic: return .site1Upstream
        case (nil, true?) where site1Intergenic: return .site2Upstream
        default: break
        }
        if site1Intergenic && site2Intergenic { return .site1Upstream }
        return .unknown
    }

    /// Whether the piece at a site keeps the 5' part of the site's gene (nil when unknown).
    /// `end` is the site's side of `Connection_Type`: `3` for a piece to the left of the break.
    static func keepsFivePrime(strand: Character?, end: Character?, intergenic: Bool) -> Bool? {
        guard !intergenic, let strand, let end, strand == "+" || strand == "-", end == "3" || end == "5" else { return nil }
        return (end == "3") == (strand == "+")
    }

    /// The (5', 3') gene names an `Event_Info` states: `{A:B}`, `(A-B)` after `fusion`,
    /// `A-B fusion - Archer`. A name with more hyphens (`(NF1-MIR365-2)`) gives every split,
    /// and `decide` keeps the one that names a site gene. Empty when the text states no order.
    public static func statedOrders(_ info: String?) -> [(String, String)] {
        guard let info else { return [] }
        return asciiStatedOrders(info) ?? characterStatedOrders(info)
    }

    /// `statedOrders` character by character (any text).
    static func characterStatedOrders(_ info: String) -> [(String, String)] {
        let text = info.trimmingCharacters(in: .whitespaces)
        if let open = text.firstIndex(of: "{"), let close = text[open...].firstIndex(of: "}") {
            let parts = text[text.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return [] }
            let up = parts[0].trimmingCharacters(in: .whitespaces), down = parts[1].trimmingCharacters(in: .whitespaces)
            return up.isEmpty || down.isEmpty ? [] : [(up, down)]
        }
        let lower = text.lowercased()
        if let word = lower.range(of: "fusion"), let open = text.lastIndex(of: "("), word.lowerBound < open,
           let close = text[open...].firstIndex(of: ")") {
            return splits(String(text[text.index(after: open)..<close]))
        }
        if lower.hasSuffix("fusion - archer") {
            return splits(text.dropLast("fusion - archer".count).trimmingCharacters(in: .whitespaces))
        }
        return []
    }

    /// `statedOrders` for ASCII text, on its bytes (each character one byte, the whitespace trimmed
    /// being spaces and tabs); nil when the text is not ASCII.
    static func asciiStatedOrders(_ info: String) -> [(String, String)]? {
        let all = Array(info.utf8)
        guard all.allSatisfy({ $0 < 0x80 }) else { return nil }
        func trimmed(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var s = b.startIndex, e = b.endIndex
            while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
            while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
            return b[s..<e]
        }
        func string(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }
        let text = trimmed(all[...])
        if let open = text.firstIndex(of: 0x7B), let close = text[open...].firstIndex(of: 0x7D) {
            let inside = text[(open + 1)..<close]
            guard let colon = inside.firstIndex(of: 0x3A), inside[(colon + 1)...].firstIndex(of: 0x3A) == nil else { return [] }
            let up = trimmed(inside[..<colon]), down = trimmed(inside[(colon + 1)...])
            return up.isEmpty || down.isEmpty ? [] : [(string(up), string(down))]
        }
        let lower = text.map { $0 &- 0x41 < 26 ? $0 + 0x20 : $0 }
        let fusion = Array("fusion".utf8)
        var word: Int? = nil
        if lower.count >= fusion.count {
            for i in 0...(lower.count - fusion.count) where lower[i..<(i + fusion.count)].elementsEqual(fusion) { word = i; break }
        }
        if let word, let open = text.lastIndex(of: 0x28), word < open - text.startIndex,
           let close = text[open...].firstIndex(of: 0x29) {
            return splits(string(text[(open + 1)..<close]))
        }
        let archer = Array("fusion - archer".utf8)
        if lower.count >= archer.count, lower[(lower.count - archer.count)...].elementsEqual(archer) {
            return splits(string(trimmed(text.dropLast(archer.count))))
        }
        return []
    }

    /// Every way to cut `A-B-C` at one hyphen: [(A, B-C), (A-B, C)].
    static func splits(_ s: String) -> [(String, String)] {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { String($0) }
        guard parts.count >= 2, !parts.contains(where: { $0.isEmpty || $0.contains(" ") }) else { return [] }
        return (1..<parts.count).map { (parts[..<$0].joined(separator: "-"), parts[$0...].joined(separator: "-")) }
    }

    /// The strand given after a gene's name in a site description (`Exon 26 of ROS1(-)`), for
    /// the site's own gene only.
    public static func strand(inDescription d: String?, gene: String?) -> Character? {
        guard let d, let gene, !gene.isEmpty else { return nil }
        if let ascii = asciiStrand(inDescription: d, gene: gene) { return ascii.strand }
        return characterStrand(inDescription: d, gene: gene)
    }

    /// `strand(inDescription:gene:)` character by character (any text).
    static func characterStrand(inDescription d: String, gene: String) -> Character? {
        let upper = d.uppercased()
        var search = upper[...]
        while let r = search.range(of: gene + "(") {
            let before = r.lowerBound == upper.startIndex ? nil : upper[upper.index(before: r.lowerBound)]
            if before.map({ !($0.isLetter || $0.isNumber || $0 == "-") }) ?? true, r.upperBound < upper.endIndex {
                let s = upper[r.upperBound]
                let next = upper.index(after: r.upperBound)
                if (s == "+" || s == "-"), next < upper.endIndex, upper[next] == ")" { return s }
            }
            search = upper[r.upperBound...]
        }
        return nil
    }

    /// `strand(inDescription:gene:)` for ASCII text, byte by byte (each character one byte, letters
    /// and digits the ASCII ones); nil when either text is not ASCII.
    static func asciiStrand(inDescription d: String, gene: String) -> (strand: Character?, Void)? {
        guard d.utf8.allSatisfy({ $0 < 0x80 }), gene.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let upper = d.utf8.map { $0 &- 0x61 < 26 ? $0 - 0x20 : $0 }
        let needle = Array(gene.utf8) + [0x28]
        let n = upper.count, m = needle.count
        var from = 0
        while from + m <= n {
            var hit = -1
            var i = from
            while i + m <= n {
                if upper[i] == needle[0], upper[i..<i + m].elementsEqual(needle) { hit = i; break }
                i += 1
            }
            if hit < 0 { break }
            let end = hit + m
            let before: UInt8? = hit == 0 ? nil : upper[hit - 1]
            let isWordByte = before.map { $0 &- 0x41 < 26 || $0 &- 0x61 < 26 || $0 &- 0x30 < 10 || $0 == 0x2D } ?? false
            if !isWordByte, end < n {
                let sign = upper[end]
                if (sign == 0x2B || sign == 0x2D), end + 1 < n, upper[end + 1] == 0x29 { return (Character(UnicodeScalar(sign)), ()) }
            }
            from = end
        }
        return (nil, ())
    }
}
