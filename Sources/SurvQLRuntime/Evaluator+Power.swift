import SurvQLSyntax
import Survival

extension Evaluator {
    /// `power`: Schoenfeld (default) or Freedman. With `events` (or `patients` × `probability`)
    /// the power is reported; the events (and, with a probability, patients) needed for `target`
    /// (default 0.8) always are. `for COHORT by GROUPING` takes the allocation K = n_reference /
    /// n_compared, the events and the event proportion from the cohort's two groups.
    mutating func evaluatePower(_ s: PowerStatement) throws -> StatementResult? {
        func number(_ name: String) -> Double? { s.option(name)?.value.number }
        let hr = number("hr") ?? .nan
        let alpha = number("alpha") ?? 0.05
        let target = number("target") ?? 0.8
        let method = SurvivalPower.Method(rawValue: s.option("method")?.value.string?.lowercased() ?? "schoenfeld") ?? .schoenfeld
        var ratio = number("ratio") ?? 1
        var events = number("events")
        var patients = number("patients")
        var probability = number("probability")
        var counts: [(label: String, n: Int, events: Double)] = []
        var cohortName: String? = nil
        if s.cohort != nil {
            let c = try cohort(s.cohort)
            cohortName = c.name
            let g = try groups(s.grouping, in: c)
            let o = try outcome(s.endpoint, in: c)
            let rows = usableRows(o, g, range: statement.range)
            guard g.labels.count == 2 else { throw error(RuntimeMessages.powerNeedsTwoGroups, s.grouping?.range ?? statement.range) }
            for (k, label) in g.labels.enumerated() {
                let members = rows.filter { g.codes[$0] == k }
                counts.append((label, members.count, Double(members.filter { o.event[$0] == 1 }.count)))
            }
            guard counts[0].n > 0, counts[1].n > 0 else { throw error(RuntimeMessages.powerNeedsTwoGroups, s.grouping?.range ?? statement.range) }
            let d = counts[0].events + counts[1].events
            if d == 0 { throw error(RuntimeMessages.powerNoEvents, statement.range) }
            ratio = Double(counts[0].n) / Double(counts[1].n)
            patients = Double(counts[0].n + counts[1].n)
            events = d
            probability = d / patients!
        } else if let p = patients, let q = probability {
            events = p * q
        }
        let power = events.flatMap { SurvivalPower.power(hazardRatio: hr, events: $0, alpha: alpha, ratio: ratio, method: method) }
        let needed = SurvivalPower.events(hazardRatio: hr, power: target, alpha: alpha, ratio: ratio, method: method)
        let patientsNeeded = needed.flatMap { d in probability.map { d / $0 } }
        return result(.power(PowerResult(method: method.rawValue, hazardRatio: hr, alpha: alpha, ratio: ratio, events: events,
                                         patients: patients, probability: probability, power: power, target: target,
                                         eventsNeeded: needed, patientsNeeded: patientsNeeded, cohort: cohortName, groups: counts)))
    }
}
