import SurvQLData
import SurvQLSyntax
import Survival

/// One interaction of `adjust`, resolved: each side is the grouping (nil) or a design term.
struct InteractionSides {
    var interaction: Interaction
    var sides: [DesignTerm?]
    /// Main effects that `A * B` adds (sides not already adjusted for and not the grouping).
    var mainEffects: [DesignTerm]
}

extension Evaluator {
    /// The strata of `strata A, B, ...`: one code per combination of the columns' values (as R's
    /// `strata(a, b)`), -1 when any is missing. (Fewer combinations than rows, and
    /// `columnCodes` allows only rows that 32 bits number, so each code fits.)
    func combinedStrata(_ s: CompareStatement, in c: Cohort) throws -> [Int32]? {
        guard let first = s.strata else { return nil }
        let columns = try ([first] + s.extras.moreStrata).map { try columnCodes(of: $0, in: c) }
        if columns.count == 1 { return columns[0] }
        var index: [[Int32]: Int32] = [:]
        return (0..<c.count).map { i in
            let key = columns.map { $0[i] }
            if key.contains(-1) { return -1 }
            if let k = index[key] { return k }
            let k = Int32(truncatingIfNeeded: index.count)
            index[key] = k
            return k
        }
    }

    /// True when an interaction side names the groups being compared (`fusion`, or the column
    /// grouped by).
    func isGroupingSide(_ n: Name, _ g: GroupAssignment) -> Bool {
        let t = n.text.lowercased()
        return t == "fusion" || t == g.description.lowercased()
    }

    func interactionSides(_ s: CompareStatement, grouping g: GroupAssignment, in c: Cohort, adjusted: [Name]) throws -> [InteractionSides] {
        var out: [InteractionSides] = []
        var present = Set(adjusted.map { $0.text.lowercased() })
        for x in s.extras.interactions {
            var sides: [DesignTerm?] = []
            var mains: [DesignTerm] = []
            for n in [x.left, x.right] {
                if isGroupingSide(n, g) { sides.append(nil); continue }
                let t = try designTerm(n, in: c)
                sides.append(t)
                if x.withMainEffects && present.insert(n.text.lowercased()).inserted { mains.append(t) }
            }
            out.append(InteractionSides(interaction: x, sides: sides, mainEffects: mains))
        }
        return out
    }

    /// The product columns of each interaction, on the used rows: every column of one side times
    /// every column of the other (R's model.matrix for `a:b` with treatment contrasts).
    func interactionColumns(_ xs: [InteractionSides], groupColumns: [CoxModel.Covariate], rows: UsableRows) -> [CoxModel.Covariate] {
        var out: [CoxModel.Covariate] = []
        for x in xs {
            let term = "\(x.interaction.left.text):\(x.interaction.right.text)"
            let cols: [[CoxModel.Covariate]] = x.sides.map { side in
                guard let side else { return groupColumns }
                return gathered(side, rows: rows)
            }
            for a in cols[0] {
                for b in cols[1] {
                    out.append(CoxModel.Covariate(name: "\(a.name):\(b.name)", values: zip(a.values, b.values).map { $0 * $1 }, term: term))
                }
            }
        }
        return out
    }
}
