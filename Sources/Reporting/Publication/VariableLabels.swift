import DataIO

/// Human labels for variables, terms and units (industries, aggregates, origin groups), per language, read from
/// a TOML labels file:
///
/// ```toml
/// om = "Materials offshoring"          # any language
/// "(Intercept)" = "Constant"
/// [nl]
/// om = "Offshoring van materialen"     # Dutch only
/// [fr]
/// om = "Délocalisation des matériaux"
/// ```
///
/// A name without a label keeps its own name; `(Intercept)` defaults to the language's "Constant".
public struct VariableLabels: Equatable {
    /// Labels for every language.
    public var common: [String: String]
    /// Labels per language, taking precedence over `common`.
    public var byLanguage: [Language: [String: String]]

    /// Labels from dictionaries (empty by default).
    public init(common: [String: String] = [:], byLanguage: [Language: [String: String]] = [:]) {
        self.common = common
        self.byLanguage = byLanguage
    }

    /// Reads a labels file.
    /// - Throws: `InputError` naming the file, line and key for a value that is not a string, or a table other
    ///   than `[en]`, `[nl]`, `[fr]`.
    public init(path: String) throws {
        try self.init(document: TOMLDocument(path: path))
    }

    /// Labels from parsed TOML text (`path` is used in messages).
    public init(text: String, path: String) throws {
        try self.init(document: TOMLDocument(text: text, path: path))
    }

    init(document: TOMLDocument) throws {
        self.init()
        let root = document.root
        for key in root.keys {
            if let lang = Language(rawValue: key), let section = try? root.section(key) {
                var map: [String: String] = [:]
                for k in section.keys {
                    guard let v = try? section.string(k) else {
                        throw section.error(k, "expected a label in quotes, e.g. \(k) = \"Label\"")
                    }
                    map[k] = v
                }
                byLanguage[lang] = map
                continue
            }
            guard let v = try? root.string(key) else {
                throw root.error(key, "expected a label in quotes (or a table [en], [nl] or [fr] of labels)")
            }
            common[key] = v
        }
    }

    /// The label the file gives `name` in `language` (its own, else the common one), nil when it gives none.
    public func explicitLabel(_ name: String, _ language: Language) -> String? {
        byLanguage[language]?[name] ?? common[name]
    }

    /// The label of `name` in `language`: the language's own, else the common one, else the name
    /// (`(Intercept)` becomes "Constant" in the language).
    public func label(_ name: String, _ language: Language) -> String {
        if let l = byLanguage[language]?[name] { return l }
        if let l = common[name] { return l }
        if name == "(Intercept)" { return language(.constant) }
        return name
    }
}
