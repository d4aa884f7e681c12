import SurvQLSyntax

/// The cancellation token of the load running on this thread, so that every file a load reads
/// (a table, or each file of a cBioPortal study) polls it without each parsing function taking
/// it as a parameter. `DataLoader.load(path:idColumn:parallel:cancellation:)` sets it;
/// `DelimitedReadOptions` picks it up when made, and the parsers' threads read it from there.
enum LoadCancellation {
    @TaskLocal static var token: CancellationToken?

    /// Throws `CancellationError` when the current load was cancelled.
    static func check() throws {
        if token?.isCancelled == true { throw CancellationError() }
    }
}
