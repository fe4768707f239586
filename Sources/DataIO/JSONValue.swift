/// A JSON value written deterministically: object keys keep the order they were given in, numbers use the
/// shortest text that reads back to the same double, non-finite numbers become `null`. Every JSON file the tool
/// writes (estimates, measures, run manifests) is rendered through this type, so all share one number format and
/// one set of string escapes.
public indirect enum JSONValue: Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number in its shortest round-trip form (`null` when not finite).
    case number(Double)
    /// A whole number, written in decimal.
    case int(Int)
    /// A string, escaped as `jsonString(_:)` does.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep the given order.
    case object([(String, JSONValue)])

    /// Equal when both render to the same text.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.render() == rhs.render() }

    /// Compact JSON text.
    public func render() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d): out += d.isFinite ? NumberText.shortest(d) : "null"
        case .string(let s): out += jsonString(s)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out += "," }
                out += jsonString(k)
                out += ":"
                v.write(to: &out)
            }
            out += "}"
        }
    }
}

/// A JSON string literal with the required escapes.
public func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
