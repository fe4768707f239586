import Offshoring

extension TableYearData {
    /// The same year's data with other offshoring intensities (another grouping, denominator or narrow/broad
    /// measure computed from the same table), so that a chain can rebuild the panel from tables loaded once.
    /// Gross output, intermediate inputs and the input coefficients do not depend on those settings.
    public func replacingMeasures(_ measures: OffshoringYear) -> TableYearData {
        var copy = self
        copy.measures = measures
        return copy
    }
}
