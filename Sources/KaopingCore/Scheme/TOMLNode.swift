import TOMLKit

/// A TOML table seen through its key path, so every error names the full key
/// (`department.indicators[2].weight`) and keys nobody read are reported as typos.
struct TOMLNode {
    let table: TOMLTable
    let path: String
    let file: String
    private let readKeys: KeyLog

    init(table: TOMLTable, path: String, file: String) {
        self.table = table
        self.path = path
        self.file = file
        readKeys = KeyLog()
    }

    final class KeyLog { var keys: Set<String> = [] }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func value(_ name: String) -> TOMLValueConvertible? {
        readKeys.keys.insert(name)
        return table[name]
    }

    func has(_ name: String) -> Bool { table.contains(key: name) }

    func string(_ name: String) throws(SchemeProblem) -> String {
        guard let value = try optionalString(name) else { throw .missingKey(path: file, key: key(name)) }
        return value
    }

    func optionalString(_ name: String) throws(SchemeProblem) -> String? {
        guard let raw = value(name) else { return nil }
        guard let text = raw.string else { throw .wrongType(path: file, key: key(name), expected: "字符串") }
        return text
    }

    func optionalBool(_ name: String) throws(SchemeProblem) -> Bool? {
        guard let raw = value(name) else { return nil }
        guard let flag = raw.bool else { throw .wrongType(path: file, key: key(name), expected: "true 或 false") }
        return flag
    }

    func decimal(_ name: String) throws(SchemeProblem) -> ExactDecimal {
        guard let value = try optionalDecimal(name) else { throw .missingKey(path: file, key: key(name)) }
        return value
    }

    /// Integers, floats and strings such as "95%" are all read as exact decimals.
    func optionalDecimal(_ name: String) throws(SchemeProblem) -> ExactDecimal? {
        guard let raw = value(name) else { return nil }
        return try Self.decimal(raw, key: key(name), file: file)
    }

    static func decimal(_ raw: TOMLValueConvertible, key: String, file: String) throws(SchemeProblem) -> ExactDecimal {
        let text: String
        if let integer = raw.int {
            text = String(integer)
        } else if let double = raw.double {
            // Swift prints the shortest text that reads back as the same double: 0.95 → "0.95".
            text = double.description
        } else if let string = raw.string {
            text = CellText.folded(string, lowercase: false)
        } else {
            throw .wrongType(path: file, key: key, expected: "数值（如 90、0.95 或 \"95%\"）")
        }
        guard case .number(let value) = NumberParser.parse(ArraySlice(Array(text.utf8))) else {
            throw .badValue(path: file, key: key, message: "「\(text)」不是数值")
        }
        return value
    }

    func child(_ name: String) throws(SchemeProblem) -> TOMLNode? {
        guard let raw = value(name) else { return nil }
        guard let table = raw.table else { throw .wrongType(path: file, key: key(name), expected: "表（[\(key(name))]）") }
        return TOMLNode(table: table, path: key(name), file: file)
    }

    func array(_ name: String) throws(SchemeProblem) -> [TOMLValueConvertible]? {
        guard let raw = value(name) else { return nil }
        guard let array = raw.array else { throw .wrongType(path: file, key: key(name), expected: "数组") }
        return Array(array)
    }

    func tables(_ name: String) throws(SchemeProblem) -> [TOMLNode]? {
        guard let items = try array(name) else { return nil }
        var nodes: [TOMLNode] = []
        for (index, item) in items.enumerated() {
            let itemKey = "\(key(name))[\(index)]"
            guard let table = item.table else { throw .wrongType(path: file, key: itemKey, expected: "表（[[\(key(name))]]）") }
            nodes.append(TOMLNode(table: table, path: itemKey, file: file))
        }
        return nodes
    }

    func strings(_ name: String) throws(SchemeProblem) -> [String]? {
        guard let items = try array(name) else { return nil }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.string else { throw .wrongType(path: file, key: "\(key(name))[\(index)]", expected: "字符串") }
            texts.append(text)
        }
        return texts
    }

    /// Refuses any key no one asked for: a misspelt `wieght` must not silently fall back to a default.
    func refuseUnreadKeys() throws(SchemeProblem) {
        for name in table.keys.sorted() where !readKeys.keys.contains(name) {
            throw .unknownKey(path: file, key: key(name))
        }
    }
}
