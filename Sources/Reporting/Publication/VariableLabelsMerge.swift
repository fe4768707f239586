extension VariableLabels {
    /// These labels over `base`: a name labelled here keeps this label (per language or common, for each
    /// language separately), every other name keeps the label of `base`. Used to lay a user's `--labels` file
    /// over the bundled labels.
    public func layered(over base: VariableLabels) -> VariableLabels {
        var out = base
        for (k, v) in common {
            out.common[k] = v
            // A common label of the user's file beats the base's language-specific one.
            for l in Language.allCases where byLanguage[l]?[k] == nil { out.byLanguage[l]?[k] = nil }
        }
        for (l, map) in byLanguage { for (k, v) in map { out.byLanguage[l, default: [:]][k] = v } }
        return out
    }
}
