// The `survql` executable: argument parsing, batch mode, the REPL loop and exit codes.
// Everything else lives in the library modules; this target only does I/O.
SurvQLCommand.mainWithExitCodes()
