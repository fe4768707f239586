import Foundation

/// A small SVG writer: elements with escaped attributes and text, coordinates printed with two decimals
/// and a decimal point whatever the number style of the labels.
public struct SVGDocument {
    /// Width in pixels (user units).
    public let width: Double
    /// Height in pixels.
    public let height: Double
    private var parts: [String] = []

    /// An empty drawing of the given size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A coordinate or length for an attribute.
    public static func num(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        guard abs(r) < 1e12 else { return x < 0 ? "-1000000000000" : "1000000000000" }
        if r == r.rounded() { return String(Int(r)) }
        var s = String(r)
        if s.contains("e") { s = "0" }
        return s
    }

    /// Attributes as text, values escaped.
    static func attributes(_ attrs: [(String, String)]) -> String {
        attrs.map { " \($0.0)=\"\(Escaping.html($0.1))\"" }.joined()
    }

    /// Adds an empty element such as `line`, `rect`, `circle`, `polyline`.
    public mutating func element(_ name: String, _ attrs: [(String, String)]) {
        parts.append("<\(name)\(SVGDocument.attributes(attrs))/>")
    }

    /// Adds a `text` element.
    public mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 14,
                              weight: String? = nil, rotate: Double? = nil, cls: String? = nil) {
        var a: [(String, String)] = [("x", SVGDocument.num(x)), ("y", SVGDocument.num(y)), ("font-size", SVGDocument.num(size)),
                                     ("text-anchor", anchor)]
        if let weight { a.append(("font-weight", weight)) }
        if let rotate { a.append(("transform", "rotate(\(SVGDocument.num(rotate)) \(SVGDocument.num(x)) \(SVGDocument.num(y)))")) }
        if let cls { a.append(("class", cls)) }
        parts.append("<text\(SVGDocument.attributes(a))>\(Escaping.html(content))</text>")
    }

    /// Opens a group (`g`) with attributes; close it with `end()`.
    public mutating func begin(_ attrs: [(String, String)], title: String? = nil) {
        parts.append("<g\(SVGDocument.attributes(attrs))>")
        if let title { parts.append("<title>\(Escaping.html(title))</title>") }
    }

    /// Closes the last group.
    public mutating func end() { parts.append("</g>") }

    /// The complete SVG document (no XML declaration, so it can be inlined in HTML), ending with a newline.
    public func render(title: String, description: String = "") -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGDocument.num(width))\" height=\"\(SVGDocument.num(height))\""
            + " viewBox=\"0 0 \(SVGDocument.num(width)) \(SVGDocument.num(height))\" role=\"img\""
            + " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        out += "<title>\(Escaping.html(title))</title>\n"
        if !description.isEmpty { out += "<desc>\(Escaping.html(description))</desc>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(SVGDocument.num(width))\" height=\"\(SVGDocument.num(height))\" fill=\"#ffffff\"/>\n"
        out += parts.joined(separator: "\n") + "\n</svg>\n"
        return out
    }
}

/// Colours and sizes shared by the charts: the Okabe-Ito palette (distinguishable with colour-blindness)
/// and type sizes readable when a 720-pixel-wide chart is printed about 16 cm wide.
public enum ChartStyle {
    /// Series colours, in order.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    /// Marker shapes, in order (so series differ in black and white too).
    public static let markers = ["circle", "square", "triangle", "diamond"]
    /// Title size.
    public static let titleSize = 17.0
    /// Axis label size.
    public static let labelSize = 15.0
    /// Tick label and legend size.
    public static let tickSize = 14.0
    /// Widest row label of bar charts and coefficient plots; longer labels are cut with an ellipsis.
    public static let maxLabelWidth = 300.0
    /// Approximate text width of `s` at `size` (for layout only).
    public static func textWidth(_ s: String, size: Double) -> Double { Double(s.count) * size * 0.58 }

    /// `s` cut with an ellipsis so that it fits `maxWidth` at `size`.
    public static func fit(_ s: String, maxWidth: Double, size: Double) -> String {
        guard textWidth(s, size: size) > maxWidth else { return s }
        let keep = max(1, Int(maxWidth / (size * 0.58)) - 1)
        return String(s.prefix(keep)).trimmingCharacters(in: .whitespaces) + "\u{2026}"
    }

    /// Adds a marker of `shape` centred at (x, y).
    static func marker(_ svg: inout SVGDocument, _ shape: String, x: Double, y: Double, r: Double, color: String) {
        let n = SVGDocument.num
        switch shape {
        case "square":
            svg.element("rect", [("x", n(x - r)), ("y", n(y - r)), ("width", n(2 * r)), ("height", n(2 * r)), ("fill", color)])
        case "triangle":
            svg.element("polygon", [("points", "\(n(x)),\(n(y - r * 1.2)) \(n(x - r * 1.1)),\(n(y + r * 0.8)) \(n(x + r * 1.1)),\(n(y + r * 0.8))"),
                                    ("fill", color)])
        case "diamond":
            svg.element("polygon", [("points", "\(n(x)),\(n(y - r * 1.3)) \(n(x - r * 1.3)),\(n(y)) \(n(x)),\(n(y + r * 1.3)) \(n(x + r * 1.3)),\(n(y))"),
                                    ("fill", color)])
        default:
            svg.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r)), ("fill", color)])
        }
    }
}
