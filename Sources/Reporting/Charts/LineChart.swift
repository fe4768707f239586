/// A line chart of series over years (om or os over time, one line per origin group), as SVG.
public struct LineChart {
    /// One line.
    public struct Series: Equatable {
        /// The legend's name.
        public var name: String
        /// Points (x, y), in increasing x; a missing year is simply absent (the line breaks there).
        public var points: [(x: Double, y: Double)]
        /// A series.
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
        /// Equality by name and points.
        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.points.count == b.points.count && zip(a.points, b.points).allSatisfy { $0.x == $1.x && $0.y == $1.y }
        }
    }

    /// Title above the plot.
    public var title: String
    /// Label of the x axis.
    public var xLabel: String
    /// Label of the y axis.
    public var yLabel: String
    /// The lines.
    public var series: [Series]
    /// Number style of the y tick labels.
    public var style: NumberStyle
    /// True when x values are years (tick labels without decimals or grouping).
    public var xIsYear: Bool
    /// Start the y axis at zero (levels), as honest charts of shares do.
    public var includeZero: Bool
    /// Size in pixels.
    public var width: Double
    /// Height in pixels.
    public var height: Double

    /// A line chart.
    public init(title: String, xLabel: String, yLabel: String, series: [Series], style: NumberStyle = NumberStyle(),
                xIsYear: Bool = true, includeZero: Bool = true, width: Double = 720, height: Double = 440) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.style = style
        self.xIsYear = xIsYear
        self.includeZero = includeZero
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let n = SVGDocument.num
        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let x0 = xs.min() ?? 0, x1 = xs.max() ?? 1
        // The x values of the data (every series together): a line breaks where its series lacks one of them.
        let allX = Array(Set(xs)).sorted()
        let yScale = NiceScale(min: ys.min() ?? 0, max: ys.max() ?? 1, targetTicks: 6, includeZero: includeZero)
        let xScale = NiceScale(min: x0, max: x1, targetTicks: 7)
        let xTicks = xScale.ticks.filter { $0 >= x0 - 1e-9 && $0 <= x1 + 1e-9 }
        let yTickTexts = yScale.ticks.map { style.format($0, digits: yScale.decimals) }
        let legendWidth = (series.map { ChartStyle.textWidth($0.name, size: ChartStyle.tickSize) }.max() ?? 0) + 50
        let left = 30 + (yTickTexts.map { ChartStyle.textWidth($0, size: ChartStyle.tickSize) }.max() ?? 20) + 12
        let right = width - legendWidth - 10, top = 50.0, bottom = height - 62
        let xspan = x1 > x0 ? x1 - x0 : 1
        func px(_ x: Double) -> Double { left + (x - (x1 > x0 ? x0 : x0 - 0.5)) / xspan * (right - left) }
        func py(_ y: Double) -> Double { bottom - (y - yScale.lower) / (yScale.upper - yScale.lower) * (bottom - top) }

        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: left, y: 28, size: ChartStyle.titleSize, weight: "bold", cls: "chart-title")
        svg.begin([("class", "axis y")])
        for (t, label) in zip(yScale.ticks, yTickTexts) {
            svg.element("line", [("x1", n(left)), ("x2", n(right)), ("y1", n(py(t))), ("y2", n(py(t))),
                                 ("stroke", t == 0 ? "#666666" : "#dddddd"), ("stroke-width", "1")])
            svg.text(label, x: left - 8, y: py(t) + 5, anchor: "end", size: ChartStyle.tickSize, cls: "tick")
        }
        svg.text(yLabel, x: 18, y: (top + bottom) / 2, anchor: "middle", size: ChartStyle.labelSize, rotate: -90, cls: "axis-label")
        svg.end()
        svg.begin([("class", "axis x")])
        svg.element("line", [("x1", n(left)), ("x2", n(right)), ("y1", n(bottom)), ("y2", n(bottom)), ("stroke", "#333333"), ("stroke-width", "1")])
        for t in xTicks {
            svg.element("line", [("x1", n(px(t))), ("x2", n(px(t))), ("y1", n(bottom)), ("y2", n(bottom + 6)), ("stroke", "#333333")])
            let label = xIsYear && abs(t) < 1e9 ? String(Int(t.rounded())) : style.format(t, digits: xScale.decimals)
            svg.text(label, x: px(t), y: bottom + 24, anchor: "middle", size: ChartStyle.tickSize, cls: "tick")
        }
        svg.text(xLabel, x: (left + right) / 2, y: height - 14, anchor: "middle", size: ChartStyle.labelSize, cls: "axis-label")
        svg.end()
        for (k, s) in series.enumerated() {
            let color = ChartStyle.palette[k % ChartStyle.palette.count]
            let shape = ChartStyle.markers[k % ChartStyle.markers.count]
            svg.begin([("class", "series"), ("data-series", s.name)], title: s.name)
            // Break the line where the series lacks an x value that other series (or itself elsewhere) have.
            var segment: [String] = []
            var previous: Int?
            func flush() {
                if segment.count > 1 {
                    svg.element("polyline", [("points", segment.joined(separator: " ")), ("fill", "none"), ("stroke", color),
                                             ("stroke-width", "2.5"), ("stroke-linejoin", "round")])
                }
                segment = []
            }
            for p in s.points where p.x.isFinite && p.y.isFinite {
                let k = allX.firstIndex(of: p.x) ?? 0
                if let q = previous, k != q + 1 { flush() }
                segment.append("\(n(px(p.x))),\(n(py(p.y)))")
                previous = k
            }
            flush()
            for p in s.points where p.x.isFinite && p.y.isFinite {
                ChartStyle.marker(&svg, shape, x: px(p.x), y: py(p.y), r: 3.5, color: color)
            }
            svg.end()
            // Legend entry.
            let ly = top + 8 + Double(k) * 24
            svg.begin([("class", "legend-entry")])
            svg.element("line", [("x1", n(right + 16)), ("x2", n(right + 40)), ("y1", n(ly)), ("y2", n(ly)), ("stroke", color), ("stroke-width", "2.5")])
            ChartStyle.marker(&svg, shape, x: right + 28, y: ly, r: 3.5, color: color)
            svg.text(s.name, x: right + 46, y: ly + 5, size: ChartStyle.tickSize)
            svg.end()
        }
        return svg.render(title: title, description: yLabel)
    }
}
