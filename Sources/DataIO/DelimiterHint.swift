/// A hint for a header row that was read as a single field although the reader expected several: when that field holds
/// semicolons or tabs, the file was most likely written with that delimiter (spreadsheets in countries with a decimal
/// comma export `;`-separated CSV), and the message can say so instead of only that columns are missing.
///
/// Returns "" when the header has more than one field or holds neither character, else a sentence in parentheses,
/// with a leading space, to append to an error message.
public func delimiterHint(header fields: [String]) -> String {
    guard fields.count == 1, let only = fields.first else { return "" }
    if only.contains(";") {
        return " (the header is one field holding ';': the file seems to be separated by semicolons; expected commas between "
            + "fields and a decimal point in numbers)"
    }
    if only.contains("\t") {
        return " (the header is one field holding tabs: the file seems to be tab-separated; expected commas between fields)"
    }
    return ""
}
