extension AdaptationReport {
    /// What refine, propose, fit and batch print or write: the rendered report, except that the JSON
    /// format is the versioned document of docs/json.md (the report's JSON with `format_version`).
    public func document(_ format: Format, style: ANSIStyle = ANSIStyle(enabled: false), wordDiff: Bool = false) -> String {
        format == .json ? JSONDocument.text(json) : render(format, style: style, wordDiff: wordDiff)
    }
}
