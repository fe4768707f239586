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

    /// The unit in words, for notes: "percentage points (a coefficient is the effect of one point)".
    public var description: String {
        switch self {
        case .percentagePoints: return "percentage points (a coefficient is the effect of one point)"
        case .share: return "shares from 0 to 1 (a coefficient is the effect of going from no imported inputs to all; divide by 100 for one point)"
        case .tenPoints: return "tens of percentage points (a coefficient is the effect of ten points)"
        }
    }

    /// The unit named by `text` (`pp`, `share`, `10pp`), nil otherwise.
    public init?(name text: String) {
        self.init(rawValue: text)
    }
}
