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
    /// At constant prices (every product's use divided by its index in `[data] prices`) rather than the tables'
    /// current values.
    public var constantPrices: Bool

    /// A choice.
    public init(denominator: Denominator, narrow: Bool, constantPrices: Bool = false) {
        self.denominator = denominator
        self.narrow = narrow
        self.constantPrices = constantPrices
    }

    /// In words, e.g. `narrow offshoring, % of gross output` (`..., at constant prices`).
    public var description: String {
        (narrow ? "narrow" : "broad") + " offshoring, " + denominator.description + (constantPrices ? ", at constant prices" : "")
    }

    /// The names of the narrow-offshoring columns every panel carries beside its own: om and os of the using
    /// industry's own product (`om_narrow`, `os_narrow`) and the Feenstra-Hanson differences, broad minus narrow
    /// (`om_fh`, `os_fh`), all with the panel's denominator (or the model's).
    public static let narrowColumns = ["om_narrow", "os_narrow", "om_fh", "os_fh"]
}

extension ModelSpec {
    /// The model's measures on a panel whose own are `base`: its denominator and broad/narrow setting where it
    /// has them, the panel's otherwise.
    public func measureChoice(base: MeasureChoice) -> MeasureChoice {
        MeasureChoice(denominator: denominator ?? base.denominator, narrow: narrow ?? base.narrow,
                      constantPrices: constantPrices ?? base.constantPrices)
    }
}

extension EstimateConfig {
    /// The panel's own measures (`[data] denominator`, broad).
    public var baseMeasure: MeasureChoice { MeasureChoice(denominator: denominator, narrow: false) }

    /// Every measure the panel needs beside its own: for the panel's denominator and each model's, broad and
    /// narrow (narrow for the `om_narrow` and `om_fh` columns), in a fixed order; then, for the models at constant
    /// prices (`prices = "constant"`), their denominators' broad and narrow measures at constant prices.
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
        var constant: [Denominator] = []
        for m in models where m.constantPrices == true {
            let d = m.denominator ?? denominator
            if !constant.contains(d) { constant.append(d) }
        }
        for d in constant {
            for narrow in [false, true] { out.append(MeasureChoice(denominator: d, narrow: narrow, constantPrices: true)) }
        }
        return out
    }
}
