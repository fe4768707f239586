import Reporting

extension OffshoringData {
    /// The reference study's Table 1 (Belgium, constant-price supply-use tables, 1995 and 2007, % of
    /// non-energy intermediate inputs), levels and growth rates as printed in METHOD.md.
    public static var referenceTable1: OffshoringData {
        var d = OffshoringData(country: "BEL", denominator: "nonenergy", years: [1995, 2007],
                               origins: ["total", "OECD", "CEE", "ASIA"],
                               units: [Unit(unit: "manufacturing", label: "Manufacturing", isAggregate: true),
                                       Unit(unit: "market_services", label: "Market services", isAggregate: true)])
        let rows: [(String, String, Double, Double, Double, Double)] = [
            ("manufacturing", "total", 35.68, 38.33, 0.71, 1.94), ("manufacturing", "OECD", 32.57, 32.13, 0.68, 1.77),
            ("manufacturing", "CEE", 0.55, 1.95, 0.02, 0.06), ("manufacturing", "ASIA", 0.88, 1.82, 0.01, 0.03),
            ("market_services", "total", 4.88, 7.50, 3.20, 5.71), ("market_services", "OECD", 4.51, 6.42, 3.05, 5.23),
            ("market_services", "CEE", 0.05, 0.31, 0.07, 0.19), ("market_services", "ASIA", 0.19, 0.48, 0.03, 0.09),
        ]
        for (u, o, om0, om1, os0, os1) in rows {
            d.set(u, o, "om", 1995, om0); d.set(u, o, "om", 2007, om1)
            d.set(u, o, "os", 1995, os0); d.set(u, o, "os", 2007, os1)
        }
        // The published growth columns, computed by the study from unrounded levels.
        let growth: [(String, String, Double, Double)] = [
            ("manufacturing", "total", 0.6, 8.7), ("manufacturing", "OECD", -0.1, 8.4), ("manufacturing", "CEE", 11.2, 11.9),
            ("manufacturing", "ASIA", 6.2, 16.5), ("market_services", "total", 3.6, 4.9), ("market_services", "OECD", 3.0, 4.6),
            ("market_services", "CEE", 17.3, 8.9), ("market_services", "ASIA", 8.0, 11.0),
        ]
        for (u, o, gm, gs) in growth {
            d.publishedGrowth["\(u)|\(o)|om"] = gm
            d.publishedGrowth["\(u)|\(o)|os"] = gs
        }
        d.isPublished = true
        return d
    }
}
