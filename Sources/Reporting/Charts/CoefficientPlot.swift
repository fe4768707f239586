/// A coefficient plot: for each term (a panel with its own scale), each model's point estimate with its confidence
/// interval, models told apart by colour and marker, a dashed line at zero; as SVG.
public struct CoefficientPlot {
    /// One model's estimate of one term.
    public struct Point: Equatable {
        /// The model (legend name).
        public var model: String
        /// The term's label.
        public var term: String
        /// Point estimate.
        public var estimate: Double
        /// Lower confidence bound.
        public var lower: Double
        /// Upper confidence bound.
        public var upper: Double

        /// A point (public so that plots of explicit points can be built outside Reporting).
        public init(model: String, term: String, estimate: Double, lower: Double, upper: Double) {
            self.model = model
            self.term = term
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
        }
    }

    /// Title above the plot.
    public var title: String
    /// Label of the estimate axis.
    public var valueLabel: String
    /// Model names in legend order.
    public var models: [String]
    /// Term labels, top to bottom.
    public var terms: [String]
    /// The points.
    public var points: [Point]
    /// Number style of the ticks.
    public var style: NumberStyle
    /// Width in pixels.
    public var width: Double

    /// A plot from explicit points.
    public init(title: String, valueLabel: String, models: [String], terms: [String], points: [Point],
                style: NumberStyle = NumberStyle(), width: Double = 720) {
        self.title = title
        self.valueLabel = valueLabel
        self.models = models
        self.terms = terms
        self.points = points
        self.style = style
        self.width = width
    }

    /// A plot of `terms` (names or `*` patterns; all non-intercept terms when empty) across `models`, with
    /// confidence intervals at `level` from Student's t with each coefficient's degrees of freedom. Model
    /// names are their titles, or (1), (2), ...; labels and language as in the regression tables.
    public init(models list: [ModelSummary], terms wanted: [String] = [], level: Double = 0.95, labels: VariableLabels = VariableLabels(),
                language: Language = .en, style: NumberStyle? = nil, title: String? = nil) {
        var terms: [String] = []
        for m in list {
            for c in m.coefficients where c.term != "(Intercept)" && !terms.contains(c.term) {
                if wanted.isEmpty || wanted.contains(where: { RegressionTableBuilder.matches(c.term, $0) }) { terms.append(c.term) }
            }
        }
        let names = list.enumerated().map { k, m in m.title.isEmpty ? "(\(k + 1))" : m.title }
        var points: [Point] = []
        for (k, m) in list.enumerated() {
            for t in terms {
                guard let c = m.coefficient(t), let q = CriticalValue.t(level: level, df: c.degreesOfFreedom) else { continue }
                points.append(Point(model: names[k], term: labels.label(t, language), estimate: c.estimate,
                                    lower: c.estimate - q * c.standardError, upper: c.estimate + q * c.standardError))
            }
        }
        let st = style ?? NumberStyle.standard(for: language)
        let pct = st.format(100 * level, digits: 0)
        self.init(title: title ?? language(.coefficientPlot), valueLabel: language(.estimatesWithCI) + " (\(pct)%)", models: names,
                  terms: terms.map { labels.label($0, language) }, points: points, style: st)
    }

    /// The chart as an SVG document: one panel per term, each with its own scale (ticks under it and a dashed line
    /// at zero), so a small coefficient is not a dot on the axis of a large one. The legend lists the models with at
    /// least one point.
    public func svg() -> String {
        let n = SVGDocument.num
        let shown = models.filter { name in points.contains { $0.model == name && $0.estimate.isFinite } }
        let m = max(shown.count, 1)
        let bandH = max(36.0, Double(m) * 16 + 12), tickH = 26.0, rowH = bandH + tickH
        let top = 50.0 + Double(m) * 22
        let bottom = top + Double(max(terms.count, 1)) * rowH
        let height = bottom + 40
        let left = 16 + min(ChartStyle.maxLabelWidth, terms.map { ChartStyle.textWidth($0, size: ChartStyle.tickSize) }.max() ?? 40) + 12
        let right = width - 30

        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: 16, y: 28, size: ChartStyle.titleSize, weight: "bold", cls: "chart-title")
        for (k, name) in shown.enumerated() {
            let color = ChartStyle.palette[k % ChartStyle.palette.count], shape = ChartStyle.markers[k % ChartStyle.markers.count]
            let ly = 52 + Double(k) * 22
            svg.begin([("class", "legend-entry")])
            svg.element("line", [("x1", n(left)), ("x2", n(left + 24)), ("y1", n(ly)), ("y2", n(ly)), ("stroke", color), ("stroke-width", "2")])
            ChartStyle.marker(&svg, shape, x: left + 12, y: ly, r: 4.5, color: color)
            svg.text(name, x: left + 32, y: ly + 5, size: ChartStyle.tickSize)
            svg.end()
        }
        // Each term's scale, from its own estimates and intervals (and zero).
        let scales = terms.map { term -> NiceScale in
            let values = points.filter { $0.term == term }.flatMap { [$0.lower, $0.upper, $0.estimate] }.filter(\.isFinite)
            return NiceScale(min: values.min() ?? -1, max: values.max() ?? 1, targetTicks: 5, includeZero: true)
        }
        func px(_ v: Double, _ i: Int) -> Double {
            let sc = scales[i]
            return left + (v - sc.lower) / (sc.upper - sc.lower) * (right - left)
        }
        for (i, term) in terms.enumerated() {
            let y0 = top + Double(i) * rowH, y1 = y0 + bandH
            if i % 2 == 1 {
                svg.element("rect", [("x", n(left)), ("y", n(y0)), ("width", n(right - left)), ("height", n(bandH)), ("fill", "#000000"),
                                     ("fill-opacity", "0.035")])
            }
            svg.begin([("class", "axis x panel"), ("data-term", term)])
            for t in scales[i].ticks {
                svg.element("line", [("x1", n(px(t, i))), ("x2", n(px(t, i))), ("y1", n(y0)), ("y2", n(y1)), ("stroke", "#e5e5e5")])
                svg.text(style.format(t, digits: scales[i].decimals), x: px(t, i), y: y1 + 16, anchor: "middle", size: ChartStyle.tickSize, cls: "tick")
            }
            svg.element("line", [("x1", n(left)), ("x2", n(right)), ("y1", n(y1)), ("y2", n(y1)), ("stroke", "#999999")])
            svg.element("line", [("x1", n(px(0, i))), ("x2", n(px(0, i))), ("y1", n(y0)), ("y2", n(y1)), ("stroke", "#555555"),
                                 ("stroke-dasharray", "5 4"), ("class", "zero")])
            svg.end()
            svg.text(ChartStyle.fit(term, maxWidth: ChartStyle.maxLabelWidth, size: ChartStyle.tickSize), x: left - 10, y: y0 + bandH / 2 + 5, anchor: "end", size: ChartStyle.tickSize)
        }
        svg.text(valueLabel, x: (left + right) / 2, y: height - 12, anchor: "middle", size: ChartStyle.labelSize, cls: "axis-label")
        for (k, name) in shown.enumerated() {
            let color = ChartStyle.palette[k % ChartStyle.palette.count], shape = ChartStyle.markers[k % ChartStyle.markers.count]
            svg.begin([("class", "series"), ("data-series", name)], title: name)
            for p in points where p.model == name {
                guard let i = terms.firstIndex(of: p.term), p.estimate.isFinite else { continue }
                let y = top + Double(i) * rowH + (Double(k) + 1) * bandH / Double(m + 1)
                svg.begin([("class", "estimate"), ("data-term", p.term)],
                          title: "\(name), \(p.term): \(style.format(p.estimate)) [\(style.format(p.lower)), \(style.format(p.upper))]")
                if p.lower.isFinite && p.upper.isFinite {
                    svg.element("line", [("x1", n(px(p.lower, i))), ("x2", n(px(p.upper, i))), ("y1", n(y)), ("y2", n(y)), ("stroke", color), ("stroke-width", "2")])
                    for b in [p.lower, p.upper] {
                        svg.element("line", [("x1", n(px(b, i))), ("x2", n(px(b, i))), ("y1", n(y - 4)), ("y2", n(y + 4)), ("stroke", color), ("stroke-width", "2")])
                    }
                }
                ChartStyle.marker(&svg, shape, x: px(p.estimate, i), y: y, r: 4.5, color: color)
                svg.end()
            }
            svg.end()
        }
        return svg.render(title: title, description: valueLabel)
    }
}
