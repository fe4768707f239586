import Offshoring

/// Which offshoring intensities a model uses: the denominator and broad or narrow offshoring (`denominator` and
/// `offshoring` in a `[[model]]`; the `[data]` settings otherwise). The panel carries the columns of every choice
/// the config's models make (`IndustryPanel.measureColumns`), computed from the same tables by the same code as
/// its own (`OffshoringColumns`).
public struct MeasureChoice: Hashable, Sendable, CustomStringConvertible {
    /// The denominator of the intensities.
    public var denominator: Denominator
    /// Narrow offshoring (only the using industry's own product, Feenstra and Hanson 1999) rather than broad.
    public var narrow: Bool

    /// A choice.
    public init(denominator: Denominator, narrow: Bool) {
        self.denominator = denominator
        self.narrow = narrow
    }

    /// In words, e.g. `narrow offshoring, % of gross output`.
    public var description: String { (narrow ? "narrow" : "broad") + " offshoring, " + denominator.description }

    /// The names of the narrow-offshoring columns every panel carries beside its own: om and os of the using
    /// industry's own product (`om_narrow`, `os_narrow`) and the Feenstra-Hanson differences, broad minus narrow
    /// (`om_fh`, `os_fh`), all with the panel's denominator (or the model's).
    public static let narrowColumns = ["om_narrow", "os_narrow", "om_fh", "os_fh"]
}

extension ModelSpec {
    /// The model's measures on a panel whose own are `base`: its denominator and broad/narrow setting where it
    /// has them, the panel's otherwise.
    public func measureChoice(base: MeasureChoice) -> MeasureChoice {
        MeasureChoice(denominator: denominator ?? base.denominator, narrow: narrow ?? base.narrow)
    }
}

extension EstimateConfig {
    /// The panel's own measures (`[data] denominator`, broad).
    public var baseMeasure: MeasureChoice { MeasureChoice(denominator: denominator, narrow: false) }

    /// Every measure the panel needs beside its own: for the panel's denominator and each model's, broad and
    /// narrow (narrow for the `om_narrow` and `om_fh` columns), in a fixed order.
    public var measureChoices: [MeasureChoice] {
        var denominators = [denominator]
        for m in models { if let d = m.denominator, !denominators.contains(d) { denominators.append(d) } }
        var out: [MeasureChoice] = []
        for d in denominators {
            for narrow in [false, true] {
                let c = MeasureChoice(denominator: d, narrow: narrow)
                if c != baseMeasure { out.append(c) }
            }
        }
        return out
    }
}
