import Foundation

/// One CSV field as RFC 4180 writes it: quoted (with inner quotes doubled) when it holds the separator, a quote
/// or a line break, else unchanged. Every CSV the tool writes escapes its fields through this function.
/// - Parameter separator: the field separator (`;` for CSV with decimal commas).
public func csvField(_ s: String, separator: Character) -> String {
    guard s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// One comma-separated CSV field (RFC 4180): `csvField(_:separator:)` with `,`.
public func csvField(_ s: String) -> String { csvField(s, separator: ",") }
