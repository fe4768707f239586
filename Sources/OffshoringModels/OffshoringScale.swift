/// How the offshoring measures (`om`, `os`, their origin groups and the suppliers' measures) enter the panel and the
/// models (`[data] offshoring_unit`): the scale of their coefficients, stated in every model table's note.
///
/// The measures are computed in percent; the unit only rescales the panel's columns, so contributions (a coefficient
/// times a change) do not depend on it, and a coefficient in `share` is 100 times the one in `pp`.
public enum OffshoringScale: String, CaseIterable, Sendable, Codable {
    /// Percentage points (0-100): a coefficient is the effect of one point. The default.
    case percentagePoints = "pp"
    /// Shares (0-1): a coefficient is the effect of going from no imported inputs to all.
    case share
    /// Tens of percentage points: a coefficient is the effect of ten points.
    case tenPoints = "10pp"

    /// The factor that turns a measure in percent into this unit.
    public var scale: Double {
        switch self {
        case .percentagePoints: return 1
        case .share: return 0.01
        case .tenPoints: return 0.1
        }
    }
}
