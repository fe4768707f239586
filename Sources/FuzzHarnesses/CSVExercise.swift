import DataIO

/// The CSV harness's work: every field of every row read as text, as a missing-value test and as a number, once
/// with the smallest buffer (so rows straddle refills and the buffer grows) and once with a 4 KiB one (the
/// production default of 1 MiB behaves as the latter and is slow to allocate under ASan).
enum CSVExercise {
    /// What one read saw: each row's fields, then per field its number or its error.
    struct Reading: Equatable {
        var rows: [[String]] = []
        var numbers: [[String]] = []
    }

    /// Reads `path` with both buffer sizes; throws the reader's `InputError` when both reads fail alike, a
    /// `FuzzFinding` when the two reads disagree.
    static func compareBufferSizes(path: String) throws {
        let small = Result { try read(path: path, bufferSize: 64) }
        let large = Result { try read(path: path, bufferSize: 4096) }
        switch (small, large) {
        case (.success(let a), .success(let b)):
            if a != b { throw FuzzFinding(description: "CSVReader: a 64-byte buffer and the default one read different rows") }
        case (.failure(let a), .failure(let b)):
            guard let ea = a as? InputError, let eb = b as? InputError else { throw a }
            if ea != eb { throw FuzzFinding(description: "CSVReader: the two buffer sizes fail differently: '\(ea)' and '\(eb)'") }
            throw ea
        case (.success, .failure(let e)), (.failure(let e), .success):
            throw FuzzFinding(description: "CSVReader: only one buffer size fails: \(e)")
        }
    }

    private static func read(path: String, bufferSize: Int) throws -> Reading {
        let reader = try CSVReader(path: path, bufferSize: bufferSize)
        var reading = Reading()
        try reader.forEachRow { row in
            var fields: [String] = []
            var numbers: [String] = []
            for i in 0..<row.count {
                fields.append(row.string(i))
                if row.isMissing(i) {
                    numbers.append("missing")
                } else {
                    do { numbers.append(String(try row.double(i).bitPattern)) } catch let e as InputError { numbers.append(e.description) }
                }
                _ = row.equals(i, "x")
                _ = row.withBytes(i) { $0.count }
            }
            _ = row.isBlank
            reading.rows.append(fields)
            reading.numbers.append(numbers)
        }
        return reading
    }
}
