import DataIO

/// The panel structure of a data frame: which column names the entity (firm, industry) and which the time
/// period (a whole number: a year, a quarter count).
public struct Panel: Equatable {
    /// The entity column.
    public var entity: String
    /// The time column (whole numbers).
    public var time: String

    /// A panel description from its two column names.
    public init(entity: String, time: String) {
        self.entity = entity
        self.time = time
    }

    /// Parses `ENTITY,TIME` as given on the command line.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).strippingBlanks() }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw InputError(key: "panel", "expected ENTITY,TIME (two column names separated by a comma), found '\(text)'")
        }
        self.init(entity: parts[0], time: parts[1])
    }
}

/// For each row, where the same entity's row `k` periods earlier is: the basis of lags, leads and
/// differences that respect gaps in time (a missing period gives a missing lag, never the previous row).
public struct PanelIndex {
    /// The entity of each row (dense codes; -1 when missing).
    public let entity: Factor
    /// The period of each row (NaN when missing).
    public let time: [Double]
    private let rowOf: [PanelKey: Int]

    /// An (entity, period) pair.
    private struct PanelKey: Hashable {
        let entity: Int32
        let time: Int64
    }

    /// Builds the index; throws an `InputError` when a period is not a whole number or an (entity, time) pair
    /// occurs twice.
    public init(data: DataFrame, panel: Panel) throws {
        entity = try data.factor(panel.entity)
        time = try data.numeric(panel.time)
        for t in time where !t.isNaN {
            guard t == t.rounded(), abs(t) < 1e15 else {
                throw InputError(file: data.source, key: panel.time, "the time variable must hold whole numbers, found \(t)")
            }
        }
        var map: [PanelKey: Int] = [:]
        map.reserveCapacity(time.count)
        for r in 0..<time.count {
            let e = entity.codes[r]
            guard e >= 0, !time[r].isNaN else { continue }
            let key = PanelKey(entity: e, time: Int64(time[r]))
            if let other = map[key] {
                throw InputError(file: data.source, key: panel.entity,
                                 "entity '\(entity.levels[Int(e)])' has two rows for \(panel.time) \(formatLevel(time[r])) (rows \(other + 1) and \(r + 1) of the data)")
            }
            map[key] = r
        }
        rowOf = map
    }

    /// For each row, the row of the same entity `k` periods earlier (`k < 0`: later), or -1 when there is none.
    public func shiftedRows(by k: Int) -> [Int] {
        var out = [Int](repeating: -1, count: time.count)
        for r in 0..<time.count {
            let e = entity.codes[r]
            guard e >= 0, !time[r].isNaN else { continue }
            out[r] = rowOf[PanelKey(entity: e, time: Int64(time[r]) - Int64(k))] ?? -1
        }
        return out
    }
}
