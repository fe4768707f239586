/// A horizontal bar chart of categories ranked by value (industries ranked by an offshoring intensity), as SVG.
public struct BarChart {
    /// Title above the plot.
    public var title: String
    /// Label of the value axis.
    public var valueLabel: String
    /// (label, value) pairs; drawn in this order from the top (sort them first to rank).
    public var bars: [(label: String, value: Double)]
    /// Number style of tick and value labels.
    public var style: NumberStyle
    /// Decimals of the value printed at the end of each bar.
    public var valueDigits: Int
    /// Width in pixels (the height follows from the number of bars).
    public var width: Double

    /// A bar chart.
    public init(title: String, valueLabel: String, bars: [(label: String, value: Double)], style: NumberStyle = NumberStyle(),
                valueDigits: Int = 1, width: Double = 720) {
        self.title = title
        self.valueLabel = valueLabel
        self.bars = bars
        self.style = style
        self.valueDigits = valueDigits
        self.width = width
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let n = SVGDocument.num
        let finite = bars.filter { $0.value.isFinite }
        let values = finite.map(\.value)
        let scale = NiceScale(min: values.min() ?? 0, max: values.max() ?? 1, targetTicks: 6, includeZero: true)
        let rowH = 22.0, top = 50.0
        let height = top + Double(max(finite.count, 1)) * rowH + 66
        let left = 16 + min(ChartStyle.maxLabelWidth, finite.map { ChartStyle.textWidth($0.label, size: ChartStyle.tickSize) }.max() ?? 40) + 10
        let right = width - 60, bottom = top + Double(max(finite.count, 1)) * rowH
        func px(_ v: Double) -> Double { left + (v - scale.lower) / (scale.upper - scale.lower) * (right - left) }

        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: 16, y: 28, size: ChartStyle.titleSize, weight: "bold", cls: "chart-title")
        svg.begin([("class", "axis x")])
        for t in scale.ticks {
            svg.element("line", [("x1", n(px(t))), ("x2", n(px(t))), ("y1", n(top)), ("y2", n(bottom)),
                                 ("stroke", t == 0 ? "#666666" : "#dddddd")])
            svg.text(style.format(t, digits: scale.decimals), x: px(t), y: bottom + 22, anchor: "middle", size: ChartStyle.tickSize, cls: "tick")
        }
        svg.text(valueLabel, x: (left + right) / 2, y: height - 14, anchor: "middle", size: ChartStyle.labelSize, cls: "axis-label")
        svg.end()
        svg.begin([("class", "series"), ("data-series", "bars")])
        for (i, b) in finite.enumerated() {
            let y = top + Double(i) * rowH
            let a = px(min(0, b.value)), z = px(max(0, b.value))
            let valueText = style.format(b.value, digits: valueDigits)
            svg.begin([("class", "bar"), ("data-label", b.label), ("data-value", valueText)], title: "\(b.label): \(valueText)")
            svg.element("rect", [("x", n(a)), ("y", n(y + 3)), ("width", n(max(z - a, 0.5))), ("height", n(rowH - 6)),
                                 ("fill", ChartStyle.palette[0])])
            svg.text(ChartStyle.fit(b.label, maxWidth: ChartStyle.maxLabelWidth, size: ChartStyle.tickSize), x: left - 8, y: y + rowH / 2 + 5, anchor: "end", size: ChartStyle.tickSize)
            svg.text(valueText, x: b.value < 0 ? a - 4 : z + 4, y: y + rowH / 2 + 5, anchor: b.value < 0 ? "end" : "start",
                     size: ChartStyle.tickSize - 1)
            svg.end()
        }
        svg.end()
        return svg.render(title: title, description: valueLabel)
    }
}
