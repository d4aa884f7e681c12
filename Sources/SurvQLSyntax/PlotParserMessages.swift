/// The parser's messages about figure options (part of the `ParserMessage` catalog).
extension ParserMessage {
    public static func plotOptionValue(_ option: String, expected: String, found: String) -> ParserMessage {
        ParserMessage(id: "parse.plotOption", text: "expected \(expected) after '\(option)', found \(found)",
                      hint: "for example: plot survival rwd by sex to \"km.svg\" title \"Overall survival\" labels (\"F\", \"M\") bands off")
    }
}
