import DataIO

/// A setting written to JSON (a manifest, a results row) as its canonical text and read back from it: a variance
/// estimator (`cluster:industry`), a bootstrap (`wild:reps=9999,...`). Conforming types get `Codable` from
/// `name` and `init(canonicalText:)`; a text that does not read back is a `DecodingError` carrying the
/// `InputError`'s message.
public protocol CanonicalTextCodable: Codable {
    /// The canonical text.
    var name: String { get }
    /// Reads a canonical text back.
    /// - Throws: `InputError` saying what was expected.
    init(canonicalText: String) throws
}

extension CanonicalTextCodable {
    /// Decodes the canonical text (`init(canonicalText:)`).
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Self(canonicalText: text)
        } catch let e as InputError {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: e.message))
        }
    }

    /// Encodes the canonical text (`name`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
