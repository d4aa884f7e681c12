/// A named time-to-event outcome of a dataset's patients (`os`, `pfs`, `dfs`).
///
/// cBioPortal pairs `<PREFIX>_MONTHS` with `<PREFIX>_STATUS`; the endpoint is named by the
/// lower-cased prefix. Arrays are aligned with the patient table's rows.
public struct SurvivalEndpoint: Sendable {
    /// The endpoint's name (`os`).
    public let name: String
    /// The patient-table column holding the time (`OS_MONTHS`).
    public let timeColumn: String
    /// The patient-table column holding the status (`OS_STATUS`).
    public let statusColumn: String
    /// The unit of `times` (`months` for cBioPortal and the demo cohort).
    public let unit: String
    /// Time per patient row; `.nan` when missing.
    public let times: [Double]
    /// Status per patient row: 1 event, 0 censored, -1 missing.
    public let events: [Int8]

    public init(name: String, timeColumn: String, statusColumn: String, unit: String, times: [Double], events: [Int8]) {
        self.name = name
        self.timeColumn = timeColumn
        self.statusColumn = statusColumn
        self.unit = unit
        self.times = times
        self.events = events
    }

    /// Patients with both a time and a status.
    public var usableCount: Int {
        var n = 0
        for i in 0..<min(times.count, events.count) where !times[i].isNaN && events[i] >= 0 { n += 1 }
        return n
    }

    /// Patients with an event (and a time).
    public var eventCount: Int {
        var n = 0
        for i in 0..<min(times.count, events.count) where !times[i].isNaN && events[i] == 1 { n += 1 }
        return n
    }
}
